using LabelStudio.Feedback.Drift;
using LabelStudio.Feedback.Ingest;
using LabelStudio.Feedback.Models;
using LabelStudio.Feedback.Synthetic;

namespace LabelStudio.Feedback.Tests.Drift;

public sealed class ClickDriftTests
{
    private static ClickAggregate Ingest(SyntheticClickLog log, Func<string, bool>? keep = null)
    {
        var ms = new MemoryStream();
        log.WriteJsonl(ms);
        ms.Position = 0;
        if (keep is null) return ClickLogIngestor.Ingest(ms, ClickLogFormat.Native);
        var lines = System.Text.Encoding.UTF8.GetString(ms.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(keep);
        return TestLogs.IngestNative(string.Join('\n', lines) + "\n");
    }

    private static SyntheticClickLog Log(int seed, IReadOnlyList<double>? theta = null) => SyntheticClickLog.Create(new SyntheticClickLogOptions
    {
        Impressions = 30_000, Queries = 300, DocsPerQuery = 20, Users = 3_000, BotUsers = 2, SpamPairs = 2, Seed = seed, Theta = theta,
    });

    private static IReadOnlyList<RankClicks> RankClicks(ClickAggregate a) => ClickDrift.RankClicksOf(a, PositionBasedModel.Fit(a));

    [Fact]
    public void Compare_SecondHalfOfTheSameLog_StaysWithinNoise()
    {
        // Two halves by impression: even and odd lines (duplicates sit next to their original, so a few cross over).
        var log = Log(21);
        int n = 0, m = 0;
        var first = Ingest(log, _ => n++ % 2 == 0);
        var second = Ingest(log, _ => m++ % 2 == 1);

        var report = ClickDrift.Compare(RankClicks(second), RankClicks(first));

        Assert.False(report.Warning, report.Summary);
        Assert.Equal(10, report.Ranks.Count);
        Assert.All(report.Ranks, r => Assert.True(Math.Abs(r.Difference) < 3 * r.StandardError || Math.Abs(r.Difference) <= 0.01));
        Assert.Contains("within sampling noise", report.Summary);
    }

    [Fact]
    public void Compare_ShiftedPositionBias_WarnsAtTheLowerRanks()
    {
        var before = Ingest(Log(21));
        // Users now look much less below the top three: θ_k = 1/k^1.6 instead of 1/k^0.8.
        var after = Ingest(Log(22, Enumerable.Range(1, 10).Select(k => Math.Pow(k, -1.6)).ToArray()));

        var current = RankClicks(after);
        var report = ClickDrift.Compare(current, RankClicks(before));

        Assert.True(report.Warning);
        var moved = report.Ranks.Where(r => r.Moved).Select(r => r.Rank).ToList();
        Assert.Contains(5, moved);
        Assert.All(report.Ranks.Where(r => r.Moved && r.Rank > 2), r => Assert.True(r.Difference < 0));
        Assert.Contains("moved beyond sampling noise", report.Summary);
        // θ of the new log, fitted on it alone, shows the steeper examination curve.
        Assert.True(current[4].Theta < RankClicks(before)[4].Theta);
    }

    [Fact]
    public void Compare_SmallDifferenceInAHugeSample_IsBelowTheAbsoluteMinimum()
    {
        RankClicks[] before = [new(1, 10_000_000, 3_000_000, 1)];
        RankClicks[] now = [new(1, 10_000_000, 3_050_000, 1)];

        var report = ClickDrift.Compare(now, before);

        var r = Assert.Single(report.Ranks);
        Assert.True(Math.Abs(r.Difference) > 3 * r.StandardError);
        Assert.False(r.Moved);
        Assert.False(report.Warning);
    }

    [Fact]
    public void Compare_LargeDifferenceInATinySample_IsWithinNoise()
    {
        RankClicks[] before = [new(3, 60, 6, 0.5)];
        RankClicks[] now = [new(3, 60, 12, 0.5)];

        var r = Assert.Single(ClickDrift.Compare(now, before).Ranks);

        // 10 % against 20 % of 60 impressions each: the standard error is about 0.065, three of them 0.2.
        Assert.Equal(0.1, r.Difference, 9);
        Assert.Equal(Math.Sqrt(0.2 * 0.8 / 60 + 0.1 * 0.9 / 60), r.StandardError, 12);
        Assert.False(r.Moved);
    }

    [Fact]
    public void Compare_NoEarlierEvidence_SaysSoAndNeverWarns()
    {
        var report = ClickDrift.Compare([new RankClicks(1, 500, 200, 1)], []);

        Assert.False(report.Warning);
        Assert.Equal("No earlier evidence to compare with.", report.Summary);
        Assert.True(double.IsNaN(Assert.Single(report.Ranks).Difference));
    }

    [Fact]
    public void Sum_AddsCountsPerRank()
    {
        var sum = ClickDrift.Sum([[new RankClicks(1, 10, 4, 1), new RankClicks(2, 10, 2, 0.5)], [new RankClicks(1, 30, 6, 1)]]);

        Assert.Equal([(1, 40L, 10L), (2, 10L, 2L)], sum.Select(r => (r.Rank, r.Impressions, r.Clicks)));
        Assert.All(sum, r => Assert.True(double.IsNaN(r.Theta)));
        Assert.Equal(0.25, sum[0].Ctr, 12);
    }
}
