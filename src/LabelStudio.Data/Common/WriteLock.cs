using System.Diagnostics;
using System.Diagnostics.Metrics;
using LabelStudio.Data.Database;

namespace LabelStudio.Data.Common;

/// <summary>
/// One writer at a time, queued in .NET rather than in SQLite. SQLite has a single writer and no queue: a writer that
/// finds the database locked sleeps inside the driver (Microsoft.Data.Sqlite is synchronous underneath), blocking a
/// thread-pool thread and polling; many raters waiting behind a bulk chunk starve the thread pool, and the bulk writer
/// can keep winning the lock. Here waiters queue asynchronously, first come first served, so a rater waits for the
/// chunk in progress and no longer. Bulk writers (imports, click ingests, clean-up, recompute) take it per chunk and,
/// while raters are writing, rest between chunks, leaving them the processor as well as the database. SQL Server
/// locks rows and needs none of this, so there it is free. Waits and bulk holds are published as metrics
/// (<see cref="MeterName"/>).
/// </summary>
public sealed class WriteLock(DatabaseOptions database)
{
    public const string MeterName = "LabelStudio.Database";
    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<double> Waits = Meter.CreateHistogram<double>("labelstudio.write_lock.wait", "ms",
        "Time a writer waited for the write lock (tag kind: interactive or bulk).");
    private static readonly Histogram<double> BulkHolds = Meter.CreateHistogram<double>("labelstudio.write_lock.bulk_hold", "ms",
        "Time one bulk chunk held the write lock.");
    private static readonly KeyValuePair<string, object?> Interactive = new("kind", "interactive");
    private static readonly KeyValuePair<string, object?> Bulk = new("kind", "bulk");
    private static readonly long RecentTicks = Stopwatch.Frequency;

    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly bool _enabled = database.Provider == DatabaseProvider.Sqlite;
    private long _lastInteractive;

    /// <summary>A rater's transaction (next, submit, scoring).</summary>
    public async ValueTask<Held> EnterAsync(CancellationToken ct)
    {
        if (!_enabled) return default;
        var started = Stopwatch.GetTimestamp();
        Volatile.Write(ref _lastInteractive, started);
        await _writer.WaitAsync(ct);
        Waits.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, Interactive);
        return new Held(_writer, bulk: false);
    }

    /// <summary>One chunk of a bulk write.</summary>
    public async ValueTask<Held> EnterBulkAsync(CancellationToken ct)
    {
        if (!_enabled) return default;
        var started = Stopwatch.GetTimestamp();
        await _writer.WaitAsync(ct);
        Waits.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, Bulk);
        return new Held(_writer, bulk: true);
    }

    /// <summary>
    /// After a bulk chunk whose whole cycle (reading, checking, writing) took <paramref name="busy"/>: rest as long,
    /// if raters wrote within the last second.
    /// </summary>
    public Task RestAsync(TimeSpan busy, CancellationToken ct) => RatersActive ? Task.Delay(busy, ct) : Task.CompletedTask;

    /// <summary>Whether raters wrote within the last second (bulk chunks stay short and rest while they do).</summary>
    public bool RatersActive => _enabled && Stopwatch.GetTimestamp() - Volatile.Read(ref _lastInteractive) < RecentTicks;

    public readonly struct Held(SemaphoreSlim? writer, bool bulk) : IDisposable
    {
        private readonly long _since = Stopwatch.GetTimestamp();

        public void Dispose()
        {
            if (writer is null) return;
            if (bulk) BulkHolds.Record(Stopwatch.GetElapsedTime(_since).TotalMilliseconds);
            writer.Release();
        }
    }
}
