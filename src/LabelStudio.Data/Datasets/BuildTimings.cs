using System.Diagnostics;

namespace LabelStudio.Data.Datasets;

/// <summary>Milliseconds spent per stage of a build (reported in the job's result, read by the benchmark). Stages of
/// the pipeline run on their own threads, so the stages overlap and their sum may exceed the pass.</summary>
internal sealed class BuildTimings
{
    private readonly SortedDictionary<string, long> _ticks = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> Milliseconds
    {
        get
        {
            lock (_ticks) return _ticks.ToDictionary(t => t.Key, t => t.Value * 1000 / Stopwatch.Frequency, StringComparer.Ordinal);
        }
    }

    public void Add(string stage, long started) => AddTicks(stage, Stopwatch.GetTimestamp() - started);

    public void AddTicks(string stage, long ticks)
    {
        lock (_ticks) _ticks[stage] = _ticks.GetValueOrDefault(stage) + ticks;
    }
}
