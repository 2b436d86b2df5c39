using System.Diagnostics;
using System.Diagnostics.Metrics;
using LabelStudio.Data.Database;

namespace LabelStudio.Data.Common;

/// <summary>
/// One writer at a time, queued in .NET rather than in SQLite. SQLite has a single writer and no queue: a writer that
/// finds the database locked sleeps inside the driver (Microsoft.Data.Sqlite is synchronous underneath), blocking a
/// thread-pool thread and polling; many raters waiting behind a bulk chunk starve the thread pool, and the bulk writer
/// can keep winning the lock. Here waiters queue asynchronously and raters go first: when the writer is released, a
/// waiting rater takes it before any bulk chunk (imports, click ingests, dataset builds, clean-up, recompute), so a
/// rater waits for the one chunk in progress and no longer. A bulk chunk that has waited <see cref="BulkPatience"/>
/// goes next anyway, so a steady stream of raters cannot stall an import for good, but only while no waiting rater has
/// already spent its budget behind bulk writers (<see cref="MaxRaterWaitBehindJobs"/> less two chunk holds), so that
/// no rater ever waits longer than that behind background work, whatever the share. Bulk writers keep their chunks
/// short (<see cref="Jobs.JobOptions.MaxHoldMilliseconds"/>) and, while raters are writing, rest between them so that
/// the job's reading, parsing and checking take at most <see cref="Jobs.JobOptions.BackgroundCpuShare"/> of one core,
/// less while more rater requests are in flight than there are cores (<see cref="RestAsync"/>); with no rater active
/// they run at full speed.
/// Every acquisition knows who held the writer before it and how long it waited behind bulk jobs; both are published
/// as metrics (<see cref="MeterName"/>). SQL Server locks rows and needs none of this, so there it is free.
/// </summary>
public sealed class WriteLock(DatabaseOptions database, Jobs.JobOptions? jobs = null, TimeProvider? clock = null)
{
    public const string MeterName = "LabelStudio.Database";
    public const string WaitInstrument = "labelstudio.write_lock.wait";
    public const string WaitBehindJobInstrument = "labelstudio.write_lock.wait_behind_job";
    public const string WaitBehindInstrument = "labelstudio.write_lock.wait_behind";
    public const string HoldInstrument = "labelstudio.write_lock.hold";

    /// <summary>How long a bulk chunk lets waiting raters go first before it takes its turn.</summary>
    public static readonly TimeSpan BulkPatience = TimeSpan.FromSeconds(2);

    /// <summary>The longest a rater's write may wait behind bulk writers (import, ingest and dataset chunks, clean-up, recompute).</summary>
    public static readonly TimeSpan MaxRaterWaitBehindJobs = TimeSpan.FromMilliseconds(100);

    /// <summary>The least share of one core a bulk job keeps however many rater requests are in flight, so it still finishes.</summary>
    public const double MinBackgroundCpuShare = 0.05;

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<double> Waits = Meter.CreateHistogram<double>(WaitInstrument, "ms",
        "Time a writer waited for the write lock (tag kind: interactive or bulk).");
    private static readonly Histogram<double> WaitsBehindJobs = Meter.CreateHistogram<double>(WaitBehindJobInstrument, "ms",
        "Per rater acquisition: the part of its wait during which an import, click ingest or dataset job held the lock.");
    private static readonly Histogram<double> WaitsBehind = Meter.CreateHistogram<double>(WaitBehindInstrument, "ms",
        "Per rater acquisition and holder: the part of its wait during which that holder held the lock (tag holder).");
    private static readonly Histogram<double> Holds = Meter.CreateHistogram<double>(HoldInstrument, "ms",
        "Time one holder (a rater's transaction, one bulk chunk) held the write lock (tag holder).");
    private static readonly KeyValuePair<string, object?> Interactive = new("kind", "interactive");
    private static readonly KeyValuePair<string, object?> Bulk = new("kind", "bulk");
    private static readonly KeyValuePair<string, object?>[] HolderTags =
        Enum.GetValues<WriteHolder>().Select(h => new KeyValuePair<string, object?>("holder", h.ToString())).ToArray();
    private static readonly int HolderCount = HolderTags.Length;

    private readonly bool _enabled = database.Provider == DatabaseProvider.Sqlite;
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Jobs.JobOptions _jobs = jobs ?? new Jobs.JobOptions();
    private readonly long _patienceTicks = Ticks(BulkPatience, clock ?? TimeProvider.System);
    /// <summary>
    /// What a waiting rater may already have spent behind bulk writers for one more chunk to go first: the limit less
    /// two holds, one for the chunk and one for a chunk that overruns its hold (a slow commit, a busy core).
    /// </summary>
    private readonly long _bulkBudgetTicks = Math.Max(0, Ticks(MaxRaterWaitBehindJobs
        - 2 * TimeSpan.FromMilliseconds((jobs ?? new Jobs.JobOptions()).MaxHoldMilliseconds), clock ?? TimeProvider.System));
    private int _ratersInFlight;
    private int _peakRatersInFlight;
    private long _maxBehindJobsTicks;
    private long _behindJobsCount;
    private readonly Lock _gate = new();
    private readonly LinkedList<Waiter> _interactive = [];
    private readonly LinkedList<Waiter> _bulk = [];
    private bool _held;
    private WriteHolder? _lastHolder;
    private long _lastInteractive;

    /// <summary>Import, click ingest and dataset chunks (and their jobs' progress): what raters must never wait long behind.</summary>
    public static bool IsJob(WriteHolder holder) =>
        holder is WriteHolder.Import or WriteHolder.ClickIngest or WriteHolder.Dataset or WriteHolder.JobProgress;

    /// <summary>A rater's transaction (next, submit, scoring).</summary>
    public ValueTask<Held> EnterAsync(CancellationToken ct) => EnterAsync(WriteHolder.Interactive, ct);

    /// <summary>One chunk of a bulk write by <paramref name="holder"/>.</summary>
    public ValueTask<Held> EnterBulkAsync(WriteHolder holder, CancellationToken ct)
    {
        if (holder == WriteHolder.Interactive) throw new ArgumentException("A bulk writer names what it is.", nameof(holder));
        return EnterAsync(holder, ct);
    }

    private async ValueTask<Held> EnterAsync(WriteHolder holder, CancellationToken ct)
    {
        if (!_enabled) return default;
        var started = _clock.GetTimestamp();
        if (holder == WriteHolder.Interactive) MarkRaterActive();
        Waiter waiter;
        lock (_gate)
        {
            ct.ThrowIfCancellationRequested();
            if (!_held && _interactive.Count == 0 && _bulk.Count == 0)
            {
                _held = true;
                var previous = _lastHolder;
                return Granted(holder, previous, started, new long[HolderCount], started);
            }
            waiter = new Waiter(holder, started);
            waiter.Node = (holder == WriteHolder.Interactive ? _interactive : _bulk).AddLast(waiter);
        }
        using (ct.CanBeCanceled ? ct.Register(() => Cancel(waiter, ct)) : default)
        {
            var (previous, at) = await waiter.Turn.Task;
            return Granted(holder, previous, started, waiter.Behind, at);
        }
    }

    private Held Granted(WriteHolder holder, WriteHolder? previous, long started, long[] behind, long at)
    {
        var waited = _clock.GetElapsedTime(started, at);
        var behindJobs = TimeSpan.Zero;
        if (holder == WriteHolder.Interactive)
        {
            for (var h = 0; h < HolderCount; h++)
            {
                if (behind[h] == 0) continue;
                var ms = behind[h] * 1000.0 / _clock.TimestampFrequency;
                WaitsBehind.Record(ms, HolderTags[h]);
                if (IsJob((WriteHolder)h)) behindJobs += TimeSpan.FromTicks((long)(ms * TimeSpan.TicksPerMillisecond));
            }
            WaitsBehindJobs.Record(behindJobs.TotalMilliseconds);
            if (behindJobs > TimeSpan.Zero)
            {
                Interlocked.Increment(ref _behindJobsCount);
                var ticks = behindJobs.Ticks;
                long seen;
                while (ticks > (seen = Volatile.Read(ref _maxBehindJobsTicks)) &&
                       Interlocked.CompareExchange(ref _maxBehindJobsTicks, ticks, seen) != seen) { }
            }
        }
        Waits.Record(waited.TotalMilliseconds, holder == WriteHolder.Interactive ? Interactive : Bulk);
        return new Held(this, holder, previous, waited, behindJobs, at);
    }

    private void Cancel(Waiter waiter, CancellationToken ct)
    {
        lock (_gate)
        {
            // Already given its turn: the waiter owns the lock and releases it as usual.
            if (waiter.Node?.List is not { } list) return;
            list.Remove(waiter.Node);
        }
        waiter.Turn.TrySetCanceled(ct);
    }

    private void Release(WriteHolder releasing, long since)
    {
        Waiter? next;
        var now = _clock.GetTimestamp();
        lock (_gate)
        {
            // What every waiter spent behind this holder: from when it (or the hold) began until now.
            foreach (var list in (LinkedList<Waiter>[])[_interactive, _bulk])
            {
                foreach (var waiter in list) waiter.Behind[(int)releasing] += now - Math.Max(waiter.Since, since);
            }
            _lastHolder = releasing;
            next = _bulk.First is { } oldestBulk && (_interactive.Count == 0 ||
                                                     (now - oldestBulk.Value.Since >= _patienceTicks && RatersCanWaitForBulk()))
                ? oldestBulk.Value
                : _interactive.First?.Value;
            if (next is null)
            {
                _held = false;
            }
            else
            {
                next.Node!.List!.Remove(next.Node);
            }
        }
        Holds.Record(_clock.GetElapsedTime(since, now).TotalMilliseconds, HolderTags[(int)releasing]);
        next?.Turn.TrySetResult((releasing, now));
    }

    /// <summary>Whether every waiting rater can still afford one bulk chunk before its turn (call under the gate).</summary>
    private bool RatersCanWaitForBulk()
    {
        foreach (var rater in _interactive)
        {
            var behindBulk = 0L;
            for (var h = 0; h < HolderCount; h++)
            {
                if ((WriteHolder)h != WriteHolder.Interactive) behindBulk += rater.Behind[h];
            }
            if (behindBulk > _bulkBudgetTicks) return false;
        }
        return true;
    }

    /// <summary>
    /// After a bulk chunk whose whole cycle (reading, parsing, checking, writing; not the time it queued for the writer)
    /// took <paramref name="busy"/>: if raters wrote within the last second, rest long enough that the job uses at most
    /// <see cref="CurrentShare"/> of one core; otherwise go on at once. The cycle's wall time bounds the CPU time the
    /// job's own thread used from above, so the job never takes more than its share.
    /// </summary>
    public Task RestAsync(TimeSpan busy, CancellationToken ct)
    {
        var share = CurrentShare();
        // The next cycle's share follows the rater requests in flight from now on.
        Volatile.Write(ref _peakRatersInFlight, Volatile.Read(ref _ratersInFlight));
        if (!RatersActive || busy <= TimeSpan.Zero || share >= 1) return Task.CompletedTask;
        return Task.Delay(busy * ((1 - share) / share), _clock, ct);
    }

    /// <summary>
    /// The share of one core a bulk job may use now: <see cref="Jobs.JobOptions.BackgroundCpuShare"/> while rater
    /// requests in flight (the most at once since the job last rested) are no more than the cores; beyond that, rater
    /// requests queue for a core, and the job's share shrinks in proportion (cores / requests in flight), down to
    /// <see cref="MinBackgroundCpuShare"/>. A share of 1 never rests.
    /// </summary>
    public double CurrentShare()
    {
        var share = _jobs.BackgroundCpuShare;
        var inFlight = Volatile.Read(ref _peakRatersInFlight);
        var cores = Environment.ProcessorCount;
        // A whole core is the operator's way of saying "never rest".
        if (share >= 1 || inFlight <= cores) return share;
        return Math.Max(Math.Min(share, MinBackgroundCpuShare), share * cores / inFlight);
    }

    /// <summary>
    /// A rater's request (next, submit, skip) is being served until the result is disposed: bulk jobs yield more while
    /// more of them are in flight than there are cores.
    /// </summary>
    public RaterRequest BeginRaterRequest()
    {
        var inFlight = Interlocked.Increment(ref _ratersInFlight);
        int peak;
        while (inFlight > (peak = Volatile.Read(ref _peakRatersInFlight)) &&
               Interlocked.CompareExchange(ref _peakRatersInFlight, inFlight, peak) != peak) { }
        return new RaterRequest(this);
    }

    /// <summary>Rater requests being served now.</summary>
    public int RatersInFlight => Volatile.Read(ref _ratersInFlight);

    private static long Ticks(TimeSpan span, TimeProvider clock) => (long)(span.TotalSeconds * clock.TimestampFrequency);

    /// <summary>One rater request in flight (see <see cref="BeginRaterRequest"/>).</summary>
    public readonly struct RaterRequest(WriteLock owner) : IDisposable
    {
        public void Dispose()
        {
            if (owner is not null) Interlocked.Decrement(ref owner._ratersInFlight);
        }
    }

    /// <summary>Whether raters wrote within the last second (bulk chunks stay short and rest while they do).</summary>
    public bool RatersActive => _enabled && Volatile.Read(ref _lastInteractive) is var last and not 0 &&
                                _clock.GetElapsedTime(last) < TimeSpan.FromSeconds(1);

    /// <summary>A rater is at work (their write is about to take the lock): bulk jobs slow down for the next second.</summary>
    public void MarkRaterActive() => Volatile.Write(ref _lastInteractive, _clock.GetTimestamp());

    /// <summary>Since start: rater acquisitions that waited behind job chunks, and the longest such wait.</summary>
    public (long Count, TimeSpan Max) WaitsBehindJobsSoFar =>
        (Interlocked.Read(ref _behindJobsCount), TimeSpan.FromTicks(Interlocked.Read(ref _maxBehindJobsTicks)));

    private sealed class Waiter(WriteHolder holder, long since)
    {
        public WriteHolder Holder { get; } = holder;
        public long Since { get; } = since;
        /// <summary>Clock ticks spent waiting behind each holder (indexed by <see cref="WriteHolder"/>).</summary>
        public long[] Behind { get; } = new long[HolderCount];
        public LinkedListNode<Waiter>? Node { get; set; }
        /// <summary>Completed with the previous holder and the moment the turn came.</summary>
        public TaskCompletionSource<(WriteHolder Previous, long At)> Turn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The writer, held until disposed; says who had it before and how long this writer waited.</summary>
    public readonly struct Held : IDisposable
    {
        private readonly WriteLock? _owner;
        private readonly long _since;

        internal Held(WriteLock owner, WriteHolder holder, WriteHolder? previous, TimeSpan waited, TimeSpan waitedBehindJobs, long since)
        {
            _owner = owner;
            Holder = holder;
            Previous = previous;
            Waited = waited;
            WaitedBehindJobs = waitedBehindJobs;
            _since = since;
        }

        public WriteHolder Holder { get; }
        /// <summary>Who held the writer last before this acquisition (null for the first one).</summary>
        public WriteHolder? Previous { get; }
        public TimeSpan Waited { get; }
        /// <summary>The part of <see cref="Waited"/> during which import, click ingest or dataset chunks held the writer.</summary>
        public TimeSpan WaitedBehindJobs { get; }

        public void Dispose() => _owner?.Release(Holder, _since);
    }
}
