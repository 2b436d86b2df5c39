using LabelStudio.Feedback.Calibration;
using LabelStudio.Feedback.Ingest;
using LabelStudio.Feedback.Models;
using LabelStudio.Feedback.Synthetic;

namespace LabelStudio.Feedback.Tests;

public sealed class ModelTests
{
    private static (SyntheticClickLog Gen, ClickAggregate Agg) Generate(int impressions, int seed = 42)
    {
        var gen = SyntheticClickLog.Create(new SyntheticClickLogOptions
        {
            Impressions = impressions, Queries = 300, DocsPerQuery = 20, Users = 5_000, BotUsers = 0, SpamPairs = 0,
            ClickbaitShare = 0, DuplicateRate = 0, Seed = seed,
        });
        var ms = new MemoryStream();
        gen.WriteJsonl(ms);
        ms.Position = 0;
        return (gen, ClickLogIngestor.Ingest(ms, ClickLogFormat.Native));
    }

    [Fact]
    public void Pbm_RecoversKnownTheta_WithinTolerance()
    {
        var (gen, agg) = Generate(120_000);

        var fit = PositionBasedModel.Fit(agg);

        Assert.Equal(1.0, fit.Theta[0], 6);
        for (int k = 1; k < gen.Theta.Count; k++)
        {
            double truth = gen.Theta[k] / gen.Theta[0];
            Assert.InRange(fit.Theta[k], truth - 0.06, truth + 0.06);
        }
        // Monotone, as generated.
        for (int k = 1; k < gen.Theta.Count; k++)
        {
            Assert.True(fit.Theta[k] <= fit.Theta[k - 1] + 0.02);
        }
    }

    [Fact]
    public void Pbm_BeatsRawCtr_OnPositionBiasedData()
    {
        var (gen, agg) = Generate(60_000, seed: 5);

        var scores = ClickModels.Fit(agg);
        var truth = Enumerable.Range(0, agg.PairCount)
            .Select(p => gen.TryGetGrade(agg.GetQueryId(p), agg.GetDocId(p), out int g) && g >= 2).ToArray();

        double ctr = RankMetrics.Auc(scores.Ctr, truth);
        double pbm = RankMetrics.Auc(scores.PbmAlpha, truth);
        Assert.True(pbm > ctr, $"PBM AUC {pbm:F4} should beat CTR AUC {ctr:F4}");
        Assert.True(RankMetrics.Auc(scores.Combined, truth) > ctr);
    }

    [Fact]
    public void Pbm_OnHandComputedCounts_SeparatesDocsShownAtDifferentRanks()
    {
        // Doc a: 10% CTR at rank 1; doc b: 10% CTR at rank 3. Examination falls with rank, so b is more attractive.
        var lines = new List<string>();
        int id = 0;
        for (int i = 0; i < 400; i++)
        {
            bool clickTop = i % 10 == 0;
            bool clickThird = i % 10 == 1;
            string clicks = clickTop ? $"[{TestLogs.Click(1, "a", 40)}]" : clickThird ? $"[{TestLogs.Click(3, "b", 40)}]" : "[]";
            lines.Add(TestLogs.Line($"x{id++}", "u" + (i % 50), "q1", ["a", "c", "b"], clicks));
            string clicks2 = i % 4 == 0 ? $"[{TestLogs.Click(1, "c", 40)}]" : i % 8 == 1 ? $"[{TestLogs.Click(3, "a", 40)}]" : "[]";
            lines.Add(TestLogs.Line($"x{id++}", "u" + (i % 50), "q1", ["c", "b", "a"], clicks2));
        }
        var agg = TestLogs.IngestNative(string.Join("\n", lines));
        var fit = PositionBasedModel.Fit(agg);
        Assert.True(fit.Theta[2] < 1);
        Assert.True(fit.EffectiveImpressions[agg.FindPair("q1", "a")] < agg.GetPairCounts(agg.FindPair("q1", "a")).Impressions);
    }

    [Fact]
    public void RankMetrics_Auc_MatchesHandComputedValue()
    {
        Assert.Equal(1.0, RankMetrics.Auc([0.1, 0.2, 0.8, 0.9], [false, false, true, true]));
        Assert.Equal(0.5, RankMetrics.Auc([0.5, 0.5], [false, true]));
        Assert.Equal(0.75, RankMetrics.Auc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]));
        Assert.True(double.IsNaN(RankMetrics.Auc([0.1], [true])));
    }
}
