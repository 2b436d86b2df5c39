using System.Text;
using LabelStudio.Feedback.Ingest;

namespace LabelStudio.Feedback.Tests;

/// <summary>
/// Structural memory checks: the ingestor keeps no per-impression buffer beyond a fixed spill buffer, and its internal
/// tables depend on distinct users, cells and (pair, clicker) combinations, not on how many impressions repeat them.
/// Only the impression-id dedup set (8-byte hashes) grows with distinct impression ids, as documented.
/// </summary>
public sealed class BoundedMemoryTests
{
    private const int SpillBytes = 64 << 10;

    /// <summary>Same 50 users x 20 queries x 3 rankings, repeated: <paramref name="impressions"/> distinct ids.</summary>
    private static byte[] Log(int impressions)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < impressions; i++)
        {
            int user = i % 50;
            int query = i / 50 % 20;
            int shift = i / 1000 % 3;
            var docs = Enumerable.Range(0, 10).Select(k => $"d{query}-{(k + shift) % 10}").ToArray();
            string clicks = i % 4 == 0 ? $"[{TestLogs.Click(1, docs[0], 40)}]" : "[]";
            sb.Append(TestLogs.Line($"imp{i}", "u" + user, "q" + query, docs, clicks)).Append('\n');
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static (ClickAggregate Agg, ClickLogIngestor Ingestor, long BufferCapacity, int Buffered, long Spilled, bool SpillExisted)
        Run(byte[] log, int threads)
    {
        var ingestor = new ClickLogIngestor(new IngestOptions { SpillThresholdBytes = SpillBytes, BlockBytes = 16 << 10, MaxDegreeOfParallelism = threads });
        ingestor.AddNative(new StreamingEquivalenceTests.NonSeekableStream(log));
        long capacity = ingestor.RecordBufferCapacityBytes;
        int buffered = ingestor.BufferedRecordInts;
        long spilled = ingestor.SpilledBytes;
        string? path = ingestor.SpillPath;
        bool existed = path is not null && File.Exists(path);
        var agg = ingestor.Complete();
        Assert.True(path is null || !File.Exists(path), "the spill file is deleted by Complete");
        Assert.Null(ingestor.SpillPath);
        return (agg, ingestor, capacity, buffered, spilled, existed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Ingest_RetainsNoPerImpressionBuffers_AndTablesDoNotGrowWithRepeatedTraffic(int threads)
    {
        var small = Run(Log(4_000), threads);
        var large = Run(Log(16_000), threads);

        // Records: a fixed in-memory buffer, the rest spilled to a temporary file.
        Assert.Equal(SpillBytes, small.BufferCapacity);
        Assert.Equal(small.BufferCapacity, large.BufferCapacity);
        Assert.InRange((long)large.Buffered * sizeof(int), 0, SpillBytes);
        Assert.True(large.SpillExisted);
        Assert.True(large.Spilled > 3 * small.Spilled, "records went to disk, not memory");
        Assert.Equal(16_000, large.Ingestor.RecordCount);

        // Tables: same distinct users, cells and (pair, clicker) combinations, so the same sizes.
        Assert.Equal(small.Ingestor.UserCounterCapacity, large.Ingestor.UserCounterCapacity);
        Assert.Equal(small.Ingestor.ClickerMapSlots, large.Ingestor.ClickerMapSlots);
        Assert.Equal(small.Agg.CellCount, large.Agg.CellCount);
        Assert.Equal(small.Agg.PairCount, large.Agg.PairCount);
        Assert.Equal(20 * 10 * 3, large.Agg.CellCount);
        // Only the dedup set grows: one 64-bit hash per distinct impression id.
        Assert.Equal(4_000, small.Ingestor.DistinctImpressionIds);
        Assert.Equal(16_000, large.Ingestor.DistinctImpressionIds);

        // And the counts are those of the whole log.
        Assert.Equal(16_000, large.Agg.Summary.ImpressionsKept);
        Assert.Equal(4 * small.Agg.GetRankTotals()[0].Clicks, large.Agg.GetRankTotals()[0].Clicks);
    }

    [Fact]
    public void Ingest_DisposeWithoutComplete_DeletesTheSpillFile()
    {
        var ingestor = new ClickLogIngestor(new IngestOptions { SpillThresholdBytes = 0 });
        ingestor.AddNative(new MemoryStream(Log(2_000)));
        string? path = ingestor.SpillPath;
        Assert.NotNull(path);
        Assert.True(File.Exists(path));
        ingestor.Dispose();
        Assert.False(File.Exists(path));
    }
}
