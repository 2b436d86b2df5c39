using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace LabelStudio.Benchmarks.Infrastructure;

/// <summary>
/// GC and CPU counters of one process at one moment: the server's from its admin-only <c>GET /api/admin/runtime</c>,
/// the benchmark's own from the runtime. The difference of two snapshots is what a phase cost.
/// </summary>
public sealed record RuntimeSnapshot(int Gen0, int Gen1, int Gen2, double PauseMs, long AllocatedBytes, double CpuMs, double AtSeconds)
{
    public static RuntimeSnapshot Client()
    {
        using var process = Process.GetCurrentProcess();
        return new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration().TotalMilliseconds,
            GC.GetTotalAllocatedBytes(), process.TotalProcessorTime.TotalMilliseconds, Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency);
    }

    public static async Task<(RuntimeSnapshot Snapshot, JsonElement Raw)> ServerAsync(HttpClient http, string adminToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/runtime");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var raw = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
        return (new RuntimeSnapshot(raw.GetProperty("gen0Collections").GetInt32(), raw.GetProperty("gen1Collections").GetInt32(),
            raw.GetProperty("gen2Collections").GetInt32(), raw.GetProperty("gcPauseMilliseconds").GetDouble(),
            raw.GetProperty("allocatedBytes").GetInt64(), raw.GetProperty("processCpuMilliseconds").GetDouble(),
            Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency), raw);
    }

    /// <summary>One line: what happened between <paramref name="before"/> and this snapshot.</summary>
    public string Since(RuntimeSnapshot before)
    {
        var wall = AtSeconds - before.AtSeconds;
        var cpu = CpuMs - before.CpuMs;
        return string.Create(CultureInfo.InvariantCulture,
            $"CPU {cpu / 1000:F1} s ({cpu / 10 / Math.Max(wall, 1e-3) / Environment.ProcessorCount:F0}% of {Environment.ProcessorCount} cores), " +
            $"GCs gen0/1/2 {Gen0 - before.Gen0}/{Gen1 - before.Gen1}/{Gen2 - before.Gen2}, pause {PauseMs - before.PauseMs:F0} ms " +
            $"({(PauseMs - before.PauseMs) / 10 / Math.Max(wall, 1e-3):F1}% of the time), allocated {(AllocatedBytes - before.AllocatedBytes) / 1048576.0:N0} MB");
    }
}
