using LabelStudio.Feedback.Calibration;
using LabelStudio.Feedback.Graded;
using LabelStudio.Feedback.Ingest;
using LabelStudio.Feedback.Models;
using LabelStudio.Feedback.Synthetic;

namespace LabelStudio.Feedback.Tests.Graded;

/// <summary>
/// Graded labels on a synthetic log with hidden grades (80,000 impressions, 500 seed pairs), judged on the ~6,000 pairs
/// outside the seed, so each measure's own sampling noise is small next to its bound.
/// </summary>
public sealed class GradedLabelerTests
{
    private static readonly Lazy<Fixture> s_data = new(() =>
    {
        var gen = SyntheticClickLog.Create(new SyntheticClickLogOptions
        {
            Impressions = 80_000, Queries = 400, DocsPerQuery = 25, Users = 4_000, BotUsers = 3, SpamPairs = 3, Seed = 11,
        });
        var ms = new MemoryStream();
        gen.WriteJsonl(ms);
        ms.Position = 0;
        var agg = ClickLogIngestor.Ingest(ms, ClickLogFormat.Native);
        var scores = ClickModels.Fit(agg);
        var seed = gen.SampleSeed(500, seed: 3);
        var truth = new int[agg.PairCount];
        for (int p = 0; p < agg.PairCount; p++)
        {
            gen.TryGetGrade(agg.GetQueryId(p), agg.GetDocId(p), out truth[p]);
        }
        var seedKeys = seed.Select(s => (s.QueryId, s.DocId)).ToHashSet();
        var heldOut = Enumerable.Range(0, agg.PairCount).Where(p => !seedKeys.Contains((agg.GetQueryId(p), agg.GetDocId(p)))).ToArray();
        return new Fixture(gen, agg, scores, seed, heldOut, truth);
    });

    private sealed record Fixture(SyntheticClickLog Gen, ClickAggregate Agg, ClickModelScores Scores, IReadOnlyList<SeedLabel> Seed,
        int[] HeldOut, int[] Truth)
    {
        public (FeedbackLabels Binary, GradedLabels Graded) Label(double target = 0.95)
        {
            var options = new CalibrationOptions { TargetPrecision = target };
            var binary = FeedbackLabeler.Label(Agg, Scores, Seed, options);
            return (binary, GradedLabeler.Label(Agg, Scores, binary, Seed, options));
        }
    }

    [Fact]
    public void Label_PerGradeProbabilities_AreCalibratedOnHeldOutPairs()
    {
        var f = s_data.Value;
        var (_, graded) = f.Label();
        var rows = f.HeldOut.Where(graded.HasProbabilities).ToArray();
        var probabilities = rows.SelectMany(p => Enumerable.Range(0, GradedLabels.Classes).Select(k => graded.Probability(p, k))).ToArray();
        var grades = rows.Select(p => f.Truth[p]).ToArray();

        Assert.Equal("ordinal", graded.Calibration.Mode);
        Assert.True(rows.Length > 5000, $"held-out pairs {rows.Length}");
        for (int k = 0; k < GradedLabels.Classes; k++)
        {
            // The recalibration steps are estimated from 500 seed pairs: about 50 per 0.1-wide bin, whose observed share
            // has a standard error of sqrt(0.1 * 0.9 / 50) = 0.04; an ECE averages |errors| of that size (about 0.03),
            // and 0.06 is two standard errors. The held-out sample (thousands of pairs) adds about 0.01.
            var calibration = GradeMetrics.Calibration(probabilities, grades, k);
            Assert.True(calibration.Ece < 0.06, $"grade {k}: ECE {calibration.Ece:F4}");
            Assert.True(graded.Calibration.Grades[k].Ece < 0.08, $"grade {k}: seed ECE {graded.Calibration.Grades[k].Ece:F4}");
        }
    }

    [Fact]
    public void Label_ExpectedGrade_CorrelatesWithTheHiddenGrade()
    {
        var f = s_data.Value;
        var (_, graded) = f.Label();
        var rows = f.HeldOut.Where(graded.HasProbabilities).ToArray();

        var rho = GradeMetrics.Spearman(rows.Select(graded.ExpectedGrade).ToArray(), rows.Select(p => (double)f.Truth[p]).ToArray());

        // Neighbouring grades overlap in attractiveness (each doc is jittered by a log-normal of sd 0.2) and most pairs
        // have few impressions, so a perfect ranking is out of reach; the binary P(relevant) of the same features reaches
        // an AUC of about 0.95, which corresponds to a rank correlation well above 0.8.
        Assert.True(rho > 0.8, $"Spearman {rho:F4}");
        Assert.True(graded.Calibration.SeedSpearman > 0.8, $"seed Spearman {graded.Calibration.SeedSpearman:F4}");
    }

    [Theory]
    [InlineData(0.85)]
    [InlineData(0.9)]
    [InlineData(0.95)]
    public void Label_EmittedGradedLabels_MeetTheTargetWithinTheirInterval(double target)
    {
        var f = s_data.Value;
        var (_, graded) = f.Label(target);
        int emitted = 0, correct = 0;
        foreach (var p in f.HeldOut)
        {
            if (graded.Grade(p) < 0) continue;
            emitted++;
            if (graded.Grade(p) == f.Truth[p]) correct++;
        }

        Assert.True(emitted > 0, "no graded label was emitted");
        var (_, high) = GradeMetrics.Wilson(correct, emitted);
        Assert.True(high >= target, $"accuracy {(double)correct / emitted:F4} of {emitted}, 95 % interval up to {high:F4}, target {target}");
        if (target < 0.95) Assert.True(emitted >= 100, $"only {emitted} graded labels at target {target}");
    }

    [Fact]
    public void Label_EveryPair_HasProbabilitiesThatSumToOne_AndAGradeThatAgreesWithTheBinaryLabel()
    {
        var f = s_data.Value;
        var (binary, graded) = f.Label(0.85);
        var spam = f.Gen.SpamPairs.Select(s => f.Agg.FindPair(s.QueryId, s.DocId)).ToHashSet();
        int emitted = 0;
        for (int p = 0; p < f.Agg.PairCount; p++)
        {
            if (spam.Contains(p))
            {
                Assert.False(graded.HasProbabilities(p));
                Assert.True(double.IsNaN(graded.ExpectedGrade(p)));
                Assert.Equal(-1, graded.Grade(p));
                continue;
            }
            double sum = Enumerable.Range(0, GradedLabels.Classes).Sum(k => graded.Probability(p, k));
            Assert.InRange(sum, 1 - 1e-9, 1 + 1e-9);
            Assert.InRange(graded.ExpectedGrade(p), 0, 4);
            int grade = graded.Grade(p);
            if (grade < 0) continue;
            emitted++;
            Assert.True(graded.Probability(p, grade) >= 0.85);
            if (binary.Labels[p] >= 0) Assert.Equal(binary.Labels[p] == 1, grade >= 2);
            Assert.Contains(binary.Reasons[p], new[] { AbstainReason.None, AbstainReason.UncertainScore });
        }
        Assert.Equal(emitted, graded.GradeCounts.Sum());
        Assert.Equal(f.Agg.PairCount, emitted + graded.Abstained);
    }

    [Fact]
    public void Label_BinarySeed_GivesNoGradedModelAndSaysWhy()
    {
        var f = s_data.Value;
        var binarySeed = f.Seed.Select(s => s with { Grade = s.Grade >= 2 ? 1 : 0 }).ToList();
        var binary = FeedbackLabeler.Label(f.Agg, f.Scores, binarySeed, new CalibrationOptions { RelevantMinGrade = 1 });

        var graded = GradedLabeler.Label(f.Agg, f.Scores, binary, binarySeed);

        Assert.Equal("none", graded.Calibration.Mode);
        Assert.Contains("in 2 grades", graded.Calibration.Description);
        Assert.Equal(f.Agg.PairCount, graded.Abstained);
        Assert.False(graded.HasProbabilities(0));
        Assert.Equal(0, graded.GradeCounts.Sum());
    }

    [Fact]
    public void Label_NoSeed_GivesNoGradedModel()
    {
        var f = s_data.Value;
        var binary = FeedbackLabeler.Label(f.Agg, f.Scores, null);

        var graded = GradedLabeler.Label(f.Agg, f.Scores, binary, null);

        Assert.Equal("none", graded.Calibration.Mode);
        Assert.Contains("0 pairs", graded.Calibration.Description);
    }
}
