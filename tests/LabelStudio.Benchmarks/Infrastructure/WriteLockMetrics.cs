using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using LabelStudio.Data.Common;

namespace LabelStudio.Benchmarks.Infrastructure;

/// <summary>
/// Listens to the write lock's metrics: how long raters waited for the database's writer, behind whom (other raters,
/// import, click ingest or dataset chunks, the recompute), and how long each bulk chunk held it.
/// </summary>
public sealed class WriteLockMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _values = new();

    public WriteLockMetrics()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == WriteLock.MeterName) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            var key = instrument.Name;
            foreach (var tag in tags) key += $" ({tag.Value})";
            _values.GetOrAdd(key, _ => []).Add(value);
        });
        _listener.Start();
    }

    /// <summary>Every rater acquisition's wait behind import, click ingest and dataset chunks, sorted.</summary>
    public double[] WaitsBehindJobs => Sorted(WriteLock.WaitBehindJobInstrument);

    public void Report()
    {
        foreach (var (name, _) in _values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            var sorted = Sorted(name);
            Console.WriteLine($"  {name}: n={sorted.Length:N0} p50 {At(sorted, 0.5):F1} ms  p99 {At(sorted, 0.99):F1} ms  max {sorted[^1]:F1} ms");
        }
    }

    private double[] Sorted(string key) => _values.TryGetValue(key, out var bag) ? [.. bag.Order()] : [];

    public static double At(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    public void Dispose() => _listener.Dispose();
}
