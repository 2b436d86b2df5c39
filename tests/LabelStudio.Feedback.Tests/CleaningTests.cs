using System.Text;
using LabelStudio.Feedback.Ingest;

namespace LabelStudio.Feedback.Tests;

public sealed class CleaningTests
{
    [Fact]
    public void Ingest_DuplicateImpressionIds_AreDroppedOnce()
    {
        var line = TestLogs.Line("i1", "u1", "q1", ["a", "b"], $"[{TestLogs.Click(1, "a", 40)}]");
        var agg = TestLogs.IngestNative(string.Join("\n", line, line, line, TestLogs.Line("i2", "u1", "q1", ["a", "b"])));

        Assert.Equal(4, agg.Summary.ImpressionsRead);
        Assert.Equal(2, agg.Summary.DuplicateImpressions);
        Assert.Equal(2, agg.Summary.ImpressionsKept);
        var a = agg.GetPairCounts(agg.FindPair("q1", "a"));
        Assert.Equal(2, a.Impressions);
        Assert.Equal(1, a.Clicks);
    }

    [Fact]
    public void Ingest_WithoutCleaning_KeepsDuplicates()
    {
        var line = TestLogs.Line("i1", "u1", "q1", ["a"]);
        var agg = TestLogs.IngestNative(line + "\n" + line, new IngestOptions { Clean = false });
        Assert.Equal(0, agg.Summary.DuplicateImpressions);
        Assert.Equal(2, agg.GetPairCounts(0).Impressions);
    }

    [Fact]
    public void Ingest_RepeatedClicksOnOneResult_AreCollapsedKeepingTheLongestDwell()
    {
        var clicks = $"[{TestLogs.Click(2, "b", 3)},{TestLogs.Click(2, "b", 50)},{TestLogs.Click(2, "b", null)},{TestLogs.Click(1, "a", 5)}]";
        var agg = TestLogs.IngestNative(TestLogs.Line("i1", "u1", "q1", ["a", "b"], clicks));

        Assert.Equal(4, agg.Summary.ClickEvents);
        Assert.Equal(2, agg.Summary.CollapsedClicks);
        var b = agg.GetPairCounts(agg.FindPair("q1", "b"));
        Assert.Equal(1, b.Clicks);
        Assert.Equal(1, b.SatClicks);
        // "a" (rank 1) was clicked last, so it is the SDBN last click and "b" (rank 2, below it) counts as not examined.
        var a = agg.GetPairCounts(agg.FindPair("q1", "a"));
        Assert.Equal(1, a.SdbnLastClicks);
        Assert.Equal(1, a.SdbnExamined);
        Assert.Equal(0, b.SdbnLastClicks);
        Assert.Equal(0, b.SdbnExamined);
    }

    [Fact]
    public void Ingest_BotsClickingEverything_AreFlaggedAndTheirImpressionsDropped()
    {
        var sb = new StringBuilder();
        string[] docs = ["a", "b", "c", "d", "e"];
        for (int i = 0; i < 30; i++)
        {
            sb.AppendLine(TestLogs.Line($"bot{i}", "robot", "q1", docs,
                "[" + string.Join(",", docs.Select((d, k) => TestLogs.Click(k + 1, d, 40))) + "]"));
            sb.AppendLine(TestLogs.Line($"h{i}", "human" + (i % 3), "q1", docs, i % 4 == 0 ? $"[{TestLogs.Click(1, "a", 60)}]" : "[]"));
        }
        var agg = TestLogs.IngestNative(sb.ToString());

        Assert.Equal(1, agg.Summary.BotUsers);
        Assert.Equal(30, agg.Summary.BotImpressionsDropped);
        Assert.Equal(30, agg.Summary.ImpressionsKept);
        Assert.Equal(0, agg.GetPairCounts(agg.FindPair("q1", "e")).Clicks);
    }

    [Fact]
    public void Ingest_UsersWithImplausiblyShortDwell_AreFlagged()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 25; i++)
        {
            sb.AppendLine(TestLogs.Line($"f{i}", "fast", "q" + i, ["a", "b", "c", "d", "e", "f"], $"[{TestLogs.Click(1, "a", 0.5)}]"));
            sb.AppendLine(TestLogs.Line($"n{i}", "normal", "q" + i, ["a", "b", "c", "d", "e", "f"], $"[{TestLogs.Click(1, "a", 40)}]"));
        }
        var agg = TestLogs.IngestNative(sb.ToString());
        Assert.Equal(1, agg.Summary.BotUsers);
        Assert.Equal(25, agg.Summary.BotImpressionsDropped);
    }

    [Fact]
    public void Ingest_PairClickedMostlyByOneUser_IsSpamSuspected()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 10; i++)
        {
            sb.AppendLine(TestLogs.Line($"s{i}", "pusher", "q1", ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"], $"[{TestLogs.Click(10, "j", 90)}]"));
        }
        for (int i = 0; i < 20; i++)
        {
            sb.AppendLine(TestLogs.Line($"o{i}", "user" + i, "q1", ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"], $"[{TestLogs.Click(1, "a", 90)}]"));
        }
        var agg = TestLogs.IngestNative(sb.ToString());

        Assert.Equal(1, agg.Summary.SpamPairs);
        var j = agg.GetPairCounts(agg.FindPair("q1", "j"));
        Assert.True(j.SpamSuspected);
        Assert.Equal(1, j.DistinctClickers);
        Assert.Equal(1.0, j.TopClickerShare, 6);
        Assert.False(agg.GetPairCounts(agg.FindPair("q1", "a")).SpamSuspected);
    }
}
