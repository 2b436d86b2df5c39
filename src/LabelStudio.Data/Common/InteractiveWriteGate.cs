using System.Diagnostics;
using LabelStudio.Data.Jobs;
using Microsoft.Extensions.Options;

namespace LabelStudio.Data.Common;

/// <summary>
/// Raters' writes go before bulk writes. SQLite has one writer at a time and no queue: a rater waiting for the lock
/// polls, and a bulk writer that takes the lock again the moment it lets go can starve them. So a rater's write is
/// announced here, and a bulk writer about to take its next chunk first waits (briefly, bounded) until none is
/// pending.
/// </summary>
public sealed class InteractiveWriteGate(IOptions<JobOptions> options)
{
    private int _pending;

    public Scope Enter()
    {
        Interlocked.Increment(ref _pending);
        return new Scope(this);
    }

    /// <summary>Waits while raters' writes are pending, at most <see cref="JobOptions.YieldMilliseconds"/>.</summary>
    public async ValueTask YieldAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _pending) == 0) return;
        var until = Stopwatch.GetTimestamp() + options.Value.YieldMilliseconds * Stopwatch.Frequency / 1000;
        while (Volatile.Read(ref _pending) > 0 && Stopwatch.GetTimestamp() < until)
        {
            await Task.Delay(1, ct);
        }
    }

    public readonly struct Scope(InteractiveWriteGate gate) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref gate._pending);
    }
}
