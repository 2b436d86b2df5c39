using LabelStudio.Feedback.Ingest;
using LabelStudio.Feedback.Synthetic;

namespace LabelStudio.Feedback.Tests;

public sealed class AggregationTests
{
    [Fact]
    public void Aggregate_CountsPerRankCell()
    {
        var log = string.Join("\n",
            TestLogs.Line("i1", "u1", "q1", ["a", "b"], $"[{TestLogs.Click(1, "a", 40)}]"),
            TestLogs.Line("i2", "u2", "q1", ["a", "b"], $"[{TestLogs.Click(1, "a", 10)},{TestLogs.Click(2, "b", 40)}]"),
            TestLogs.Line("i3", "u3", "q1", ["b", "a"], $"[{TestLogs.Click(2, "a", 40)}]"),
            TestLogs.Line("i4", "u4", "q1", ["b", "a"]));

        var agg = TestLogs.IngestNative(log);

        var a = agg.GetCells(agg.FindPair("q1", "a")).OrderBy(c => c.Rank).ToArray();
        Assert.Equal([(1, 2, 2, 1), (2, 2, 1, 1)], a);
        var b = agg.GetCells(agg.FindPair("q1", "b")).OrderBy(c => c.Rank).ToArray();
        Assert.Equal([(1, 2, 0, 0), (2, 2, 1, 1)], b);
        var totals = agg.GetRankTotals();
        Assert.Equal((4L, 2L), totals[0]);
        Assert.Equal((4L, 2L), totals[1]);
        Assert.Equal(4, agg.CellCount);
        // SDBN: i1 examines a (last click a), i2 examines a,b (last b), i3 examines b,a (last a); i4 has no clicks.
        var ac = agg.GetPairCounts(agg.FindPair("q1", "a"));
        Assert.Equal(3, ac.SdbnExamined);
        Assert.Equal(2, ac.SdbnLastClicks);
        var bc = agg.GetPairCounts(agg.FindPair("q1", "b"));
        Assert.Equal(2, bc.SdbnExamined);
        Assert.Equal(1, bc.SdbnLastClicks);
    }

    [Fact]
    public void Ingest_SameFileTwice_GivesIdenticalCounts()
    {
        var gen = SyntheticClickLog.Create(new SyntheticClickLogOptions { Impressions = 5_000, Queries = 60, Users = 400, BotUsers = 3, SpamPairs = 2 });
        var ms = new MemoryStream();
        gen.WriteJsonl(ms);
        var bytes = ms.ToArray();

        var first = ClickLogIngestor.Ingest(new MemoryStream(bytes), ClickLogFormat.Native);
        var second = ClickLogIngestor.Ingest(new MemoryStream(bytes), ClickLogFormat.Native);

        var none = Array.Empty<MalformedLine>();
        var noRankers = new Dictionary<string, long>();
        Assert.Equal(first.Summary with { MalformedExamples = none, Rankers = noRankers }, second.Summary with { MalformedExamples = none, Rankers = noRankers });
        Assert.Equal(first.Summary.Rankers, second.Summary.Rankers);
        Assert.Equal(first.PairCount, second.PairCount);
        for (int p = 0; p < first.PairCount; p++)
        {
            int q = second.FindPair(first.GetQueryId(p), first.GetDocId(p));
            Assert.Equal(first.GetPairCounts(p), second.GetPairCounts(q));
        }
    }

    [Fact]
    public void Ingest_SmallBlocksOrOneThread_GiveTheSameCountsAsDefaults()
    {
        var gen = SyntheticClickLog.Create(new SyntheticClickLogOptions { Impressions = 4_000, Queries = 50, Users = 300, BotUsers = 2, SpamPairs = 1 });
        var ms = new MemoryStream();
        gen.WriteJsonl(ms);
        var bytes = ms.ToArray();
        int third = Array.IndexOf(bytes, (byte)'\n', Array.IndexOf(bytes, (byte)'\n', 2000) + 1) + 1;
        bytes[third] = (byte)'#';

        var baseline = ClickLogIngestor.Ingest(new MemoryStream(bytes), ClickLogFormat.Native);
        foreach (var options in new[] { new IngestOptions { BlockBytes = 4096 }, new IngestOptions { MaxDegreeOfParallelism = 1, BlockBytes = 5000 } })
        {
            var other = ClickLogIngestor.Ingest(new MemoryStream(bytes), ClickLogFormat.Native, options);
            Assert.Equal(1, other.Summary.MalformedLines);
            Assert.Equal(baseline.Summary.MalformedExamples, other.Summary.MalformedExamples);
            Assert.Equal(baseline.Summary.Lines, other.Summary.Lines);
            Assert.Equal(baseline.Summary.DuplicateImpressions, other.Summary.DuplicateImpressions);
            Assert.Equal(baseline.Summary.CollapsedClicks, other.Summary.CollapsedClicks);
            Assert.Equal(baseline.PairCount, other.PairCount);
            for (int p = 0; p < baseline.PairCount; p++)
            {
                Assert.Equal(baseline.GetQueryId(p), other.GetQueryId(p));
                Assert.Equal(baseline.GetDocId(p), other.GetDocId(p));
                Assert.Equal(baseline.GetPairCounts(p), other.GetPairCounts(p));
            }
        }
    }

    [Fact]
    public void Ingest_SyntheticLog_SummaryReflectsInjectedNoise()
    {
        var gen = SyntheticClickLog.Create(new SyntheticClickLogOptions
        {
            Impressions = 20_000, Queries = 100, Users = 800, BotUsers = 4, BotImpressionShare = 0.03, SpamPairs = 3, SpamImpressionsPerPair = 30,
        });
        var ms = new MemoryStream();
        gen.WriteJsonl(ms);
        ms.Position = 0;

        var agg = ClickLogIngestor.Ingest(ms, ClickLogFormat.Native);

        Assert.Equal(gen.LinesWritten, agg.Summary.Lines);
        Assert.Equal(gen.LinesWritten - 20_000, agg.Summary.DuplicateImpressions);
        Assert.Equal(4, agg.Summary.BotUsers);
        Assert.True(agg.Summary.CollapsedClicks > 0);
        Assert.True(agg.Summary.NullDwellClicks > 0);
        Assert.Equal(3, agg.Summary.Rankers.Count);
        foreach (var (q, d) in gen.SpamPairs)
        {
            Assert.True(agg.GetPairCounts(agg.FindPair(q, d)).SpamSuspected, $"{q}/{d} not flagged");
        }
        Assert.InRange(agg.Summary.SpamPairs, 3, 5);
    }
}
