using System.Text;
using LabelStudio.Feedback.Calibration;
using LabelStudio.Feedback.Ingest;
using LabelStudio.Feedback.Models;
using LabelStudio.Feedback.Synthetic;

namespace LabelStudio.Feedback.Tests;

public sealed class CalibrationTests
{
    private static readonly Lazy<(SyntheticClickLog Gen, ClickAggregate Agg, ClickModelScores Scores)> s_data = new(() =>
    {
        var gen = SyntheticClickLog.Create(new SyntheticClickLogOptions
        {
            Impressions = 80_000, Queries = 400, DocsPerQuery = 25, Users = 4_000, BotUsers = 3, SpamPairs = 3, Seed = 11,
        });
        var ms = new MemoryStream();
        gen.WriteJsonl(ms);
        ms.Position = 0;
        var agg = ClickLogIngestor.Ingest(ms, ClickLogFormat.Native);
        return (gen, agg, ClickModels.Fit(agg));
    });

    [Fact]
    public void Label_WithSeed_ReachesTargetPrecisionOnHeldOutPairs()
    {
        var (gen, agg, scores) = s_data.Value;
        var seed = gen.SampleSeed(500, seed: 3);

        var labels = FeedbackLabeler.Label(agg, scores, seed, new CalibrationOptions { TargetPrecision = 0.95 });

        Assert.Equal("seed", labels.Calibration.Mode);
        Assert.True(labels.Calibration.TargetReached);
        Assert.True(labels.Calibration.SeedPrecision >= 0.95);
        Assert.NotEmpty(labels.Calibration.Curve);
        var seedKeys = seed.Select(s => (s.QueryId, s.DocId)).ToHashSet();
        int labelled = 0, correct = 0, heldOut = 0;
        for (int p = 0; p < agg.PairCount; p++)
        {
            if (seedKeys.Contains((agg.GetQueryId(p), agg.GetDocId(p))))
            {
                continue;
            }
            heldOut++;
            if (labels.Labels[p] < 0)
            {
                continue;
            }
            labelled++;
            gen.TryGetGrade(agg.GetQueryId(p), agg.GetDocId(p), out int grade);
            if ((labels.Labels[p] == 1) == (grade >= 2))
            {
                correct++;
            }
        }
        double precision = (double)correct / labelled;
        Assert.True(precision >= 0.93, $"held-out precision {precision:F4}");
        Assert.True((double)labelled / heldOut > 0.3, $"coverage {(double)labelled / heldOut:F3}");
    }

    [Fact]
    public void Label_RiskCoverageCurve_IsOrderedByDecreasingThreshold()
    {
        var (gen, agg, scores) = s_data.Value;
        var labels = FeedbackLabeler.Label(agg, scores, gen.SampleSeed(300, seed: 9));
        var curve = labels.Calibration.Curve;
        for (int i = 1; i < curve.Count; i++)
        {
            Assert.True(curve[i].Threshold < curve[i - 1].Threshold);
            Assert.True(curve[i].Coverage > curve[i - 1].Coverage);
        }
        Assert.All(curve, pt => Assert.InRange(pt.Precision, 0, 1));
    }

    [Fact]
    public void Label_WithoutSeed_FallsBackToUnsupervisedRuleAndSaysSo()
    {
        var (gen, agg, scores) = s_data.Value;

        var labels = FeedbackLabeler.Label(agg, scores, null);

        Assert.Equal("unsupervised", labels.Calibration.Mode);
        Assert.Contains("no seed", labels.Calibration.Description);
        Assert.True(labels.Positives + labels.Negatives > 0);
        int correct = 0, labelled = 0;
        for (int p = 0; p < agg.PairCount; p++)
        {
            if (labels.Labels[p] < 0)
            {
                continue;
            }
            labelled++;
            gen.TryGetGrade(agg.GetQueryId(p), agg.GetDocId(p), out int grade);
            correct += (labels.Labels[p] == 1) == (grade >= 2) ? 1 : 0;
        }
        Assert.True((double)correct / labelled > 0.85, $"unsupervised precision {(double)correct / labelled:F3}");
    }

    [Fact]
    public void Label_TinySeed_FallsBackToUnsupervised()
    {
        var (gen, agg, scores) = s_data.Value;
        var labels = FeedbackLabeler.Label(agg, scores, gen.SampleSeed(5));
        Assert.Equal("unsupervised", labels.Calibration.Mode);
        Assert.Contains("seed too small", labels.Calibration.Description);
    }

    [Fact]
    public void Label_SpamPairs_AbstainWithSpamReason()
    {
        var (gen, agg, scores) = s_data.Value;
        var labels = FeedbackLabeler.Label(agg, scores, gen.SampleSeed(300));
        foreach (var (q, d) in gen.SpamPairs)
        {
            int p = agg.FindPair(q, d);
            Assert.Equal(-1, labels.Labels[p]);
            Assert.Equal(AbstainReason.SpamSuspected, labels.Reasons[p]);
        }
        Assert.Equal(labels.Abstained, labels.AbstainCounts.Values.Sum());
        Assert.Equal(agg.PairCount, labels.Positives + labels.Negatives + labels.Abstained);
        Assert.All(Enumerable.Range(0, agg.PairCount), p => Assert.Equal(labels.Labels[p] == -1, labels.Reasons[p] != AbstainReason.None));
    }

    [Fact]
    public void Label_ReasonCodes_ForHandBuiltPairs()
    {
        // q1: "rare" shown twice; "deep" only at rank 9 a few times; "bait" clicked often with short dwell;
        // plenty of ordinary pairs so the seed can be fitted.
        var sb = new StringBuilder();
        var seed = new List<SeedLabel>();
        int id = 0;
        var rng = new Random(1);
        for (int q = 0; q < 60; q++)
        {
            string[] docs = Enumerable.Range(0, 10).Select(d => $"d{d}").ToArray();
            for (int i = 0; i < 40; i++)
            {
                var clicks = new List<string>();
                for (int k = 0; k < 10; k++)
                {
                    double attract = k < 3 ? 0.7 : 0.05;
                    if (rng.NextDouble() < attract / (1 + 0.3 * k))
                    {
                        clicks.Add(TestLogs.Click(k + 1, docs[k], k < 3 ? 80 : 4));
                    }
                }
                sb.AppendLine(TestLogs.Line($"i{id++}", $"u{rng.Next(300)}", $"q{q}", docs, "[" + string.Join(",", clicks) + "]"));
            }
            for (int d = 0; d < 10; d++)
            {
                seed.Add(new SeedLabel($"q{q}", $"d{d}", d < 3 ? 3 : 0));
            }
        }
        string[] special = ["bait", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "deep", "x9"];
        for (int i = 0; i < 40; i++)
        {
            sb.AppendLine(TestLogs.Line($"sp{i}", $"u{rng.Next(300)}", "qs", special, $"[{TestLogs.Click(1, "bait", 3)}]"));
        }
        sb.AppendLine(TestLogs.Line("r1", "u1", "qs", ["rare"]));
        sb.AppendLine(TestLogs.Line("r2", "u2", "qs", ["rare"]));
        var agg = TestLogs.IngestNative(sb.ToString());
        var scores = ClickModels.Fit(agg);

        var labels = FeedbackLabeler.Label(agg, scores, seed, new CalibrationOptions { MinEffectiveImpressions = 20 });

        Assert.Equal("seed", labels.Calibration.Mode);
        Assert.Equal(AbstainReason.TooFewImpressions, labels.Reasons[agg.FindPair("qs", "rare")]);
        Assert.Equal(AbstainReason.OnlyLowRanks, labels.Reasons[agg.FindPair("qs", "deep")]);
        Assert.Equal(AbstainReason.ClicksDwellDisagree, labels.Reasons[agg.FindPair("qs", "bait")]);
        Assert.Contains(labels.Reasons, r => r == AbstainReason.None);
    }

    [Fact]
    public void Label_UncertainScores_AbstainWhenTargetIsStrict()
    {
        var (gen, agg, scores) = s_data.Value;
        var labels = FeedbackLabeler.Label(agg, scores, gen.SampleSeed(400), new CalibrationOptions { TargetPrecision = 0.99 });
        Assert.Contains(labels.Reasons, r => r == AbstainReason.UncertainScore);
        var loose = FeedbackLabeler.Label(agg, scores, gen.SampleSeed(400), new CalibrationOptions { TargetPrecision = 0.9 });
        Assert.True(loose.Coverage >= labels.Coverage);
    }

    [Fact]
    public void SeedReader_ReadsHeaderInAnyOrderAndCountsBadRows()
    {
        var tsv = "grade\tdoc_id\tquery_id\tnote\n3\td1\tq1\tx\nbad\td2\tq1\t\n0\td3\tq2\n\n";
        var seed = SeedReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(tsv)), out int malformed);
        Assert.Equal(1, malformed);
        Assert.Equal([new SeedLabel("q1", "d1", 3), new SeedLabel("q2", "d3", 0)], seed);
        Assert.Throws<InvalidDataException>(() => SeedReader.Read(new MemoryStream(Encoding.UTF8.GetBytes("a\tb\n")), out _));
    }
}
