using System.Threading.Channels;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// Enumerates a source on a thread of its own, a few blocks of rows ahead of the caller, so that reading one input of a
/// build (stepping its statement and making its rows) overlaps with the rest of the build on another core. Memory is
/// bounded by the blocks in flight. A failure of the source reaches the caller where it reads; leaving early stops the
/// thread and waits for it, so the source (and its database context) is done with before the caller disposes of them.
/// </summary>
internal static class Prefetch
{
    /// <param name="waited">Told the stopwatch ticks the caller spent waiting for a block (the source falling behind).</param>
    public static IEnumerable<T> OnOwnThread<T>(IEnumerable<T> source, int block, int blocksAhead, CancellationToken ct,
        Action<long>? waited = null)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var channel = Channel.CreateBounded<ArraySegment<T>>(new BoundedChannelOptions(blocksAhead) { SingleReader = true, SingleWriter = true });
        var filling = Task.Factory.StartNew(() => Fill(source, channel.Writer, block, stop.Token), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            while (true)
            {
                if (!channel.Reader.TryRead(out var rows))
                {
                    var waiting = System.Diagnostics.Stopwatch.GetTimestamp();
                    // Faults with the source's own exception when it failed.
                    var more = channel.Reader.WaitToReadAsync(ct).AsTask().GetAwaiter().GetResult();
                    waited?.Invoke(System.Diagnostics.Stopwatch.GetTimestamp() - waiting);
                    if (!more) break;
                    continue;
                }
                foreach (var row in rows) yield return row;
            }
        }
        finally
        {
            stop.Cancel();
            filling.GetAwaiter().GetResult();
        }
    }

    /// <summary>Never throws: it completes the channel with the source's failure instead.</summary>
    private static void Fill<T>(IEnumerable<T> source, ChannelWriter<ArraySegment<T>> writer, int block, CancellationToken ct)
    {
        try
        {
            var rows = new T[block];
            var count = 0;
            foreach (var row in source)
            {
                rows[count++] = row;
                if (count < block) continue;
                Write(writer, rows, count, ct);
                rows = new T[block];
                count = 0;
            }
            if (count > 0) Write(writer, rows, count, ct);
            writer.Complete();
        }
        catch (Exception e)
        {
            writer.Complete(e);
        }
    }

    private static void Write<T>(ChannelWriter<ArraySegment<T>> writer, T[] rows, int count, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var segment = new ArraySegment<T>(rows, 0, count);
        if (!writer.TryWrite(segment)) writer.WriteAsync(segment, ct).AsTask().GetAwaiter().GetResult();
    }
}
