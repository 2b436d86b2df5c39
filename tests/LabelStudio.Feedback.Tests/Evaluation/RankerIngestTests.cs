using LabelStudio.Feedback.Evaluation;
using static LabelStudio.Feedback.Tests.TestLogs;

namespace LabelStudio.Feedback.Tests.Evaluation;

public sealed class RankerIngestTests
{
    private const string Interleaved = "\"interleaving\":{\"a\":\"r1\",\"b\":\"r2\",\"origin\":[\"a\",\"b\",\"a\"]},";

    [Fact]
    public void Ingest_RankerImpressions_CountsPerRankerAndQuery()
    {
        var log = string.Join('\n',
            Line("i1", "u1", "q", ["d1", "d2", "d3"], $"[{Click(2, "d2", 40)},{Click(3, "d3", 5)}]"),
            Line("i2", "u2", "q", ["d1", "d2", "d3"]),
            Line("i3", "u3", "q", ["d2", "d1", "d3"], $"[{Click(1, "d2", null)}]"));

        var e = TestLogs.IngestNative(log).RankerEvidence;

        var q = Assert.Single(e.Queries);
        Assert.Equal(("r1", "q"), (q.Ranker, q.QueryId));
        // 3 impressions, 2 with clicks, 3 clicks, 9 results, 1 click at rank 1, RR = 1/2 + 1, satisfied: i1 (40 s) and i3 (last click, dwell unknown).
        Assert.Equal(new RankerClickCounts(3, 2, 3, 9, 1, 1.5, 2), q.Counts);
        Assert.Equal(
            [new RankedDocCount(1, "d1", 2), new RankedDocCount(1, "d2", 1), new RankedDocCount(2, "d1", 1), new RankedDocCount(2, "d2", 2),
                new RankedDocCount(3, "d3", 3)],
            q.Docs.OrderBy(d => d.Rank).ThenBy(d => d.DocId, StringComparer.Ordinal));
        Assert.Empty(e.Interleaving);
    }

    [Fact]
    public void Ingest_InterleavedImpressions_CreditClicksByOrigin()
    {
        var log = string.Join('\n',
            Line("i1", "u1", "q", ["d1", "d2", "d3"], $"[{Click(2, "d2", 40)}]", Interleaved),
            Line("i2", "u2", "q", ["d1", "d2", "d3"], $"[{Click(1, "d1", 40)},{Click(3, "d3", 40)}]", Interleaved),
            Line("i3", "u3", "q", ["d1", "d2", "d3"], $"[{Click(1, "d1", 40)},{Click(2, "d2", 40)}]", Interleaved),
            Line("i4", "u4", "q", ["d1", "d2", "d3"], "[]", Interleaved),
            Line("i5", "u5", "q", ["d1", "d2", "d3"], $"[{Click(1, "d1", 40)}]"));

        var e = TestLogs.IngestNative(log).RankerEvidence;

        // i1: b wins; i2: a wins (2-0); i3: tie (1-1); i4: no clicks. i5 is an ordinary r1 impression.
        Assert.Equal(new InterleavingCount("r1", "r2", 1, 1, 1, 1), Assert.Single(e.Interleaving));
        Assert.Equal(1, Assert.Single(e.Queries).Counts.Impressions);
    }

    [Fact]
    public void Ingest_MalformedInterleaving_IsAMalformedLine()
    {
        var log = Line("i1", "u1", "q", ["d1"], "[]", "\"interleaving\":{\"a\":\"r1\"},");

        var agg = TestLogs.IngestNative(log + "\n" + Line("i2", "u1", "q", ["d1"]));

        Assert.Equal(1, agg.Summary.MalformedLines);
        Assert.Contains("interleaving", agg.Summary.MalformedExamples[0].Reason, StringComparison.Ordinal);
    }
}
