using LabelStudio.Feedback.Evaluation;

namespace LabelStudio.Feedback.Tests.Evaluation;

public sealed class QuerySegmentsTests
{
    private static readonly Dictionary<string, long> s_traffic = new()
    {
        ["a"] = 60, ["b"] = 20, ["c"] = 10, ["d"] = 5, ["e"] = 5,
    };

    [Fact]
    public void Assign_HandWorkedCuts_StraddlingQueryJoinsEarlierSegment()
    {
        var s = QuerySegments.Assign(s_traffic);

        // a alone is 60 % (crosses 50 %): head. b starts at 60 %: torso, reaching 80 %. c starts at 80 %: tail.
        Assert.Equal(QuerySegment.Head, s["a"]);
        Assert.Equal(QuerySegment.Torso, s["b"]);
        Assert.Equal(QuerySegment.Tail, s["c"]);
        Assert.Equal(QuerySegment.Tail, s["d"]);
        Assert.Equal(QuerySegment.Tail, s["e"]);
    }

    [Fact]
    public void Evaluate_HandWorkedPairs_PrecisionCoverageAndVerdict()
    {
        var pairs = new List<SegmentPair>
        {
            new("a", 1, true), new("a", 1, true), new("a", 0, false), new("a", -1, true), new("a", 1, null),
            new("b", 1, false), new("b", -1, null),
            new("c", -1, true), new("e", -1, null),
        };

        var r = SegmentPrecision.Evaluate(pairs, s_traffic, 0.95);

        var head = r[0];
        Assert.Equal(QuerySegment.Head, head.Segment);
        Assert.Equal(5, head.Pairs);
        Assert.Equal(4, head.Decided);
        Assert.Equal(0.8, head.Coverage, 12);
        Assert.Equal(4, head.SeedPairs);
        Assert.Equal(3, head.SeedDecided);
        Assert.Equal(3, head.SeedCorrect);
        Assert.Equal(1, head.Precision, 12);
        Assert.Equal("consistent", head.Verdict);
        var torso = r[1];
        Assert.Equal(0, torso.Precision, 12);
        Assert.Equal("below", torso.Verdict);
        var tail = r[2];
        Assert.Equal(3, tail.Queries);
        Assert.Equal(20, tail.Impressions);
        Assert.Equal(0, tail.Decided);
        Assert.Equal("no_seed", tail.Verdict);
        Assert.True(double.IsNaN(tail.Precision));
    }
}
