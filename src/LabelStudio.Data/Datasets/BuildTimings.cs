using System.Diagnostics;

namespace LabelStudio.Data.Datasets;

/// <summary>Milliseconds spent per stage of a build (reported in the job's result, read by the benchmark).</summary>
internal sealed class BuildTimings
{
    private readonly SortedDictionary<string, long> _ticks = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> Milliseconds =>
        _ticks.ToDictionary(t => t.Key, t => t.Value * 1000 / Stopwatch.Frequency, StringComparer.Ordinal);

    public void Add(string stage, long started) =>
        _ticks[stage] = _ticks.GetValueOrDefault(stage) + Stopwatch.GetTimestamp() - started;

    public async ValueTask<bool> TimeAsync(string stage, Func<ValueTask<bool>> step)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await step();
        Add(stage, started);
        return result;
    }
}
