using System.Diagnostics;
using System.Runtime;
using LabelStudio.Data.Common;

namespace LabelStudio.Web.Features.Admin;

/// <summary>
/// The server process's garbage collector and CPU counters since it started: a load test reads them before and after
/// each phase and reports the difference (collections, pause time, CPU time), measured in the server, not the client; and the longest a
/// rater's write waited behind job chunks.
/// </summary>
public sealed record RuntimeStats(
    bool ServerGc,
    string LatencyMode,
    int HeapCount,
    int ProcessorCount,
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections,
    double GcPauseMilliseconds,
    long AllocatedBytes,
    long HeapBytes,
    double ProcessCpuMilliseconds,
    double UptimeSeconds,
    int ThreadCount,
    long RaterWritesBehindJobs,
    double MaxRaterWaitBehindJobsMilliseconds)
{
    public static RuntimeStats Now(WriteLock writeLock)
    {
        var (behindJobs, maxBehindJobs) = writeLock.WaitsBehindJobsSoFar;
        using var process = Process.GetCurrentProcess();
        var info = GC.GetGCMemoryInfo();
        return new RuntimeStats(
            GCSettings.IsServerGC,
            GCSettings.LatencyMode.ToString(),
            GC.GetConfigurationVariables().TryGetValue("HeapCount", out var heaps) ? Convert.ToInt32(heaps, System.Globalization.CultureInfo.InvariantCulture) : 1,
            Environment.ProcessorCount,
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2),
            GC.GetTotalPauseDuration().TotalMilliseconds,
            GC.GetTotalAllocatedBytes(),
            info.HeapSizeBytes,
            process.TotalProcessorTime.TotalMilliseconds,
            (DateTime.Now - process.StartTime).TotalSeconds,
            process.Threads.Count,
            behindJobs,
            maxBehindJobs.TotalMilliseconds);
    }
}
