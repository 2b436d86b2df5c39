using System.Collections.Concurrent;
using System.Threading.Channels;

namespace LabelStudio.Data.Jobs;

/// <summary>Job ids waiting for this process's runner, and the jobs it is running (to cancel them at once).</summary>
public sealed class JobQueue
{
    private readonly Channel<long> _channel = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = false });
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _running = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _finished = new();

    public ChannelReader<long> Reader => _channel.Reader;

    internal void Enqueue(long jobId) => _channel.Writer.TryWrite(jobId);

    internal void Started(long jobId, CancellationTokenSource cancel) => _running[jobId] = cancel;

    /// <summary>Whether this process runs no job now.</summary>
    internal bool Idle => _running.IsEmpty;

    internal void Finished(long jobId)
    {
        _running.TryRemove(jobId, out _);
        _finished.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Cancels the job if this process runs it; false when it does not.</summary>
    internal bool TryCancel(long jobId)
    {
        if (!_running.TryGetValue(jobId, out var cancel)) return false;
        cancel.Cancel();
        return true;
    }

    /// <summary>Completes when this process has finished running the job.</summary>
    internal Task WhenFinished(long jobId) =>
        _finished.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    internal void Forget(long jobId) => _finished.TryRemove(jobId, out _);
}
