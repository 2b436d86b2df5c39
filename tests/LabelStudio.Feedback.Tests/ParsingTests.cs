using LabelStudio.Feedback.Ingest;

namespace LabelStudio.Feedback.Tests;

public sealed class ParsingTests
{
    [Fact]
    public void Ingest_ValidLines_CountsImpressionsPairsAndClicks()
    {
        var log = string.Join("\n",
            TestLogs.Line("i1", "u1", "q1", ["a", "b", "c"], $"[{TestLogs.Click(2, "b", 45)}]"),
            TestLogs.Line("i2", "u2", "q1", ["b", "a", "c"]),
            TestLogs.Line("i3", "u1", "q2", ["a", "d"], $"[{TestLogs.Click(1, "a", 3)}]"));

        var agg = TestLogs.IngestNative(log);

        Assert.Equal(3, agg.Summary.Lines);
        Assert.Equal(3, agg.Summary.ImpressionsKept);
        Assert.Equal(0, agg.Summary.MalformedLines);
        Assert.Equal(2, agg.Summary.Queries);
        Assert.Equal(5, agg.Summary.Pairs);
        var b = agg.GetPairCounts(agg.FindPair("q1", "b"));
        Assert.Equal(2, b.Impressions);
        Assert.Equal(1, b.Clicks);
        Assert.Equal(1, b.SatClicks);
        Assert.Equal(1, b.BestRank);
        Assert.Equal(2, b.DistinctRanks);
        var qa = agg.GetPairCounts(agg.FindPair("q2", "a"));
        Assert.Equal(1, qa.Clicks);
        Assert.Equal(0, qa.SatClicks);
    }

    [Fact]
    public void Ingest_MalformedLines_AreCountedWithLineNumbersAndNotFatal()
    {
        var log = string.Join("\n",
            TestLogs.Line("i1", "u1", "q1", ["a", "b"]),
            "{not json",
            "[1,2,3]",
            "{\"impression_id\":\"i4\",\"results\":[\"a\"]}",
            "",
            "{\"impression_id\":\"i6\",\"query_id\":\"q1\",\"results\":\"a\"}",
            TestLogs.Line("i7", "u1", "q1", ["a", "b"]) + " trailing",
            TestLogs.Line("i8", "u2", "q1", ["a", "b"]));

        var agg = TestLogs.IngestNative(log);

        Assert.Equal(8, agg.Summary.Lines);
        Assert.Equal(5, agg.Summary.MalformedLines);
        Assert.Equal(2, agg.Summary.ImpressionsKept);
        Assert.Equal([2L, 3L, 4L, 6L, 7L], agg.Summary.MalformedExamples.Select(m => m.LineNumber));
        Assert.Contains("query_id", agg.Summary.MalformedExamples[2].Reason);
    }

    [Fact]
    public void Ingest_MalformedExamples_AreCappedButAllCounted()
    {
        var log = string.Join("\n", Enumerable.Range(0, 50).Select(_ => "garbage"));
        var agg = TestLogs.IngestNative(log, new IngestOptions { MaxMalformedExamples = 3 });
        Assert.Equal(50, agg.Summary.MalformedLines);
        Assert.Equal(3, agg.Summary.MalformedExamples.Count);
    }

    [Fact]
    public void Ingest_NullDwell_IsUnknownAndOnlyTheLastClickCountsAsSatisfied()
    {
        var log = TestLogs.Line("i1", "u1", "q1", ["a", "b", "c"],
            $"[{TestLogs.Click(1, "a", null)},{TestLogs.Click(3, "c", null)}]");

        var agg = TestLogs.IngestNative(log);

        Assert.Equal(2, agg.Summary.NullDwellClicks);
        Assert.Equal(0, agg.GetPairCounts(agg.FindPair("q1", "a")).SatClicks);
        Assert.Equal(1, agg.GetPairCounts(agg.FindPair("q1", "c")).SatClicks);

        var strict = TestLogs.IngestNative(log, new IngestOptions { UnknownDwellLastClickIsSatisfied = false });
        Assert.Equal(0, strict.GetPairCounts(strict.FindPair("q1", "c")).SatClicks);
    }

    [Fact]
    public void Ingest_UnknownFieldsAndNumericIds_AreHandled()
    {
        var log = "{\"impression_id\":7,\"features\":{\"x\":[1,2,{\"y\":null}]},\"user_id\":12,\"query_id\":\"q\\u0031\","
            + "\"results\":[101,\"b\"],\"context\":{\"device\":\"mobile\"},\"clicks\":[{\"pos\":1,\"extra\":true,\"dwell\":40}]}";

        var agg = TestLogs.IngestNative(log);

        Assert.Equal(0, agg.Summary.MalformedLines);
        int pair = agg.FindPair("q1", "101");
        Assert.True(pair >= 0);
        Assert.Equal(1, agg.GetPairCounts(pair).SatClicks);
    }

    [Fact]
    public void Ingest_ClickWithUnknownDocOrBadPos_IsAnOrphan()
    {
        var log = TestLogs.Line("i1", "u1", "q1", ["a", "b"],
            $"[{TestLogs.Click(1, "zzz", 40)},{{\"pos\":9,\"dwell\":5}},{{\"pos\":2,\"dwell\":5}}]");

        var agg = TestLogs.IngestNative(log);

        Assert.Equal(2, agg.Summary.OrphanClicks);
        Assert.Equal(1, agg.GetPairCounts(agg.FindPair("q1", "b")).Clicks);
        Assert.Equal(0, agg.GetPairCounts(agg.FindPair("q1", "a")).Clicks);
    }

    [Fact]
    public void Ingest_DocWinsOverPos_WhenTheyDisagree()
    {
        var log = TestLogs.Line("i1", "u1", "q1", ["a", "b", "c"], $"[{TestLogs.Click(1, "c", 40)}]");
        var agg = TestLogs.IngestNative(log);
        Assert.Equal(1, agg.GetPairCounts(agg.FindPair("q1", "c")).Clicks);
        Assert.Equal(0, agg.GetPairCounts(agg.FindPair("q1", "a")).Clicks);
    }

    [Fact]
    public void Ingest_OverlongLine_IsMalformedAndSkipped()
    {
        var log = TestLogs.Line("i1", "u1", "q1", ["a"]) + "\n" + new string('x', 10_000) + "\n" + TestLogs.Line("i2", "u1", "q1", ["a"]);
        var agg = TestLogs.IngestNative(log, new IngestOptions { MaxLineBytes = 5_000, BlockBytes = 4096 });
        Assert.Equal(3, agg.Summary.Lines);
        Assert.Equal(2, agg.Summary.ImpressionsKept);
        Assert.Equal(2, Assert.Single(agg.Summary.MalformedExamples).LineNumber);
    }

    [Fact]
    public void Ingest_LineNestedTenThousandDeep_IsMalformedNamingTheDepth_AndTheOtherLinesAreKept()
    {
        var deep = new string('[', 10_000) + new string(']', 10_000);
        // A valid impression but for one unknown field nested far too deep.
        var hostile = "{\"extra\":" + deep + "," + TestLogs.Line("i2", "u1", "q1", ["a"])[1..];
        var log = TestLogs.Line("i1", "u1", "q1", ["a"]) + "\n" + hostile + "\n" + TestLogs.Line("i3", "u1", "q1", ["a"]);

        var agg = TestLogs.IngestNative(log);

        Assert.Equal(3, agg.Summary.Lines);
        Assert.Equal(2, agg.Summary.ImpressionsKept);
        var malformed = Assert.Single(agg.Summary.MalformedExamples);
        Assert.Equal(2, malformed.LineNumber);
        Assert.Contains("depth", malformed.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Ingest_CrLfAndBom_AreAccepted()
    {
        var log = "\uFEFF" + TestLogs.Line("i1", "u1", "q1", ["a"]) + "\r\n" + TestLogs.Line("i2", "u1", "q1", ["a"]) + "\r\n";
        var agg = TestLogs.IngestNative(log);
        Assert.Equal(0, agg.Summary.MalformedLines);
        Assert.Equal(2, agg.Summary.ImpressionsKept);
    }

    [Fact]
    public void Ingest_ResultsBeyondMaxRank_AreCountedAndIgnored()
    {
        var log = TestLogs.Line("i1", "u1", "q1", ["a", "b", "c", "d"], $"[{TestLogs.Click(4, "d", 40)}]");
        var agg = TestLogs.IngestNative(log, new IngestOptions { MaxRank = 2 });
        Assert.Equal(2, agg.Summary.ResultsBeyondMaxRank);
        Assert.Equal(1, agg.Summary.ClicksBeyondMaxRank);
        Assert.Equal(2, agg.PairCount);
    }
}
