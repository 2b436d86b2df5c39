using System.Runtime;

namespace LabelStudio.Data.Jobs;

/// <summary>
/// Gives memory back to the system once the last running job of the process has finished. A big job (a click log, an
/// import, a dataset) leaves the heap grown to its peak and the large-object heap fragmented, and the garbage collector
/// keeps that memory committed while the process idles. One compacting, aggressive full collection (the large-object
/// heap compacted once) after the job's own stack has unwound returns it; it runs on the thread pool, a second later,
/// and only when no other job is running, so it never pauses a job in the middle of its work.
/// </summary>
internal static class JobMemory
{
    private static int s_scheduled;

    public static void ReleaseWhenIdle(Func<bool> idle)
    {
        if (Interlocked.Exchange(ref s_scheduled, 1) == 1) return;
        _ = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            Interlocked.Exchange(ref s_scheduled, 0);
            if (!idle()) return;
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        });
    }
}
