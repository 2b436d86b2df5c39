using System.Diagnostics;

namespace LabelStudio.Data.Common;

/// <summary>
/// Sizes the chunks of a bulk write so that each transaction holds the write lock about <c>target</c> long: rows per
/// chunk follow the measured time per row, between <c>min</c> and <c>max</c>. With nobody else writing, chunks may be
/// four times longer: fewer commits, and no one to wait on them.
/// </summary>
public sealed class ChunkPacer(TimeSpan target, WriteLock? writeLock = null, int initialRows = 500, int minRows = 20, int maxRows = 50_000)
{
    private const int AloneFactor = 4;
    private double _rows = initialRows;

    public int Rows => (int)_rows;

    public long Start() => Stopwatch.GetTimestamp();

    public void Record(int rows, long startedAt)
    {
        if (rows <= 0) return;
        var elapsed = Stopwatch.GetElapsedTime(startedAt);
        var perRow = Math.Max(elapsed.TotalMilliseconds / rows, 1e-4);
        var budget = writeLock is { RatersActive: false } ? target.TotalMilliseconds * AloneFactor : target.TotalMilliseconds;
        var ideal = budget / perRow;
        // Move halfway to the ideal: one slow chunk (a checkpoint, a busy disk) must not halve throughput for good.
        _rows = Math.Clamp((_rows + ideal) / 2, minRows, maxRows);
    }
}
