using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using LabelStudio.Data.Common;

namespace LabelStudio.Benchmarks.Infrastructure;

/// <summary>
/// Listens to the write lock's metrics: how long raters waited for the database's writer (the part of their latency
/// an import can cause) and how long each bulk chunk held it.
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
            var kind = tags.Length > 0 ? $" ({tags[0].Value})" : "";
            _values.GetOrAdd(instrument.Name + kind, _ => []).Add(value);
        });
        _listener.Start();
    }

    public void Report()
    {
        foreach (var (name, bag) in _values.OrderBy(v => v.Key))
        {
            var sorted = bag.Order().ToArray();
            Console.WriteLine($"  {name}: n={sorted.Length:N0} p50 {At(sorted, 0.5):F1} ms  p99 {At(sorted, 0.99):F1} ms  max {sorted[^1]:F1} ms");
        }
    }

    private static double At(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    public void Dispose() => _listener.Dispose();
}
