using LabelStudio.Feedback.Calibration;
using LabelStudio.Feedback.Evaluation;
using LabelStudio.Feedback.Ingest;
using LabelStudio.Feedback.Models;
using LabelStudio.Feedback.Synthetic;

namespace LabelStudio.Feedback.Tests.Evaluation;

/// <summary>
/// Per-ranker evaluation end to end on synthetic logs with known truth: ingest, click models, seed calibration, labels,
/// then the rankers are judged with those labels (P(relevant) as gain, the decisions as labels, the seed grades winning).
/// </summary>
public sealed class SyntheticRankerTests
{
    private const string Best = "ranker-v1";
    private const string Middle = "ranker-v2";

    private static readonly Lazy<(SyntheticClickLog Gen, ClickAggregate Agg, FeedbackLabels Labels, RankerEvaluation Eval)> s_three =
        new(() => Run([0.6, 2.0, 3.0], seed: 5));

    private static readonly Lazy<(SyntheticClickLog Gen, ClickAggregate Agg, FeedbackLabels Labels, RankerEvaluation Eval)> s_same =
        new(() => Run([1.6, 1.6], seed: 8));

    private static (SyntheticClickLog, ClickAggregate, FeedbackLabels, RankerEvaluation) Run(double[] noise, int seed)
    {
        var gen = SyntheticClickLog.Create(new SyntheticClickLogOptions
        {
            Impressions = 120_000, Queries = 400, DocsPerQuery = 20, Users = 4_000, BotUsers = 3, SpamPairs = 3, RankerNoise = noise,
            InterleavingShare = 0.25, Seed = seed,
        });
        var ms = new MemoryStream();
        gen.WriteJsonl(ms);
        ms.Position = 0;
        var agg = ClickLogIngestor.Ingest(ms, ClickLogFormat.Native);
        var seedLabels = gen.SampleSeed(600, seed: 3);
        var labels = FeedbackLabeler.Label(agg, ClickModels.Fit(agg), seedLabels, new CalibrationOptions { TargetPrecision = 0.95 });
        var judged = new RelevanceJudgements();
        for (int p = 0; p < agg.PairCount; p++)
        {
            double pRel = labels.ReportedPRel(p);
            judged.Set(agg.GetQueryId(p), agg.GetDocId(p), new PairJudgement(double.IsFinite(pRel) ? pRel : 0, labels.Labels[p]));
        }
        foreach (var s in seedLabels)
        {
            int rel = s.Grade >= 2 ? 1 : 0;
            judged.Set(s.QueryId, s.DocId, new PairJudgement(rel, rel));
        }
        return (gen, agg, labels, RankerEvaluator.Evaluate(agg.RankerEvidence, judged));
    }

    [Fact]
    public void Evaluate_LessNoisyRanker_BeatsOtherOnNdcgAndPrecision()
    {
        var eval = s_three.Value.Eval;

        var c = eval.Compare(Middle, Best)!;

        Assert.True(c.SharedQueries > 300, $"shared queries {c.SharedQueries}");
        foreach (var key in new[] { RankerMetric.NdcgAt10, RankerMetric.PrecisionAt1, RankerMetric.PrecisionAt5, RankerMetric.PrecisionAt10 })
        {
            var d = c.Metrics.Single(m => m.Metric == key);
            Assert.True(d.Difference.Low > 0, $"{key}: {d.Difference}");
            Assert.Equal("b_better", d.Verdict);
        }
        var summary = eval.Rankers.Single(r => r.Ranker == Best);
        Assert.InRange(summary.Metrics[RankerMetric.NdcgAt10].Value, 0.3, 1);
        Assert.True(summary.Metrics[RankerMetric.NdcgAt10].Low < summary.Metrics[RankerMetric.NdcgAt10].Value);
        Assert.DoesNotContain(eval.Rankers, r => r.Ranker == "interleaved");
    }

    [Fact]
    public void Evaluate_InterleavedImpressions_FavourTheLessNoisyRanker()
    {
        var eval = s_three.Value.Eval;

        var pair = eval.Interleaving.Single(i => i.RankerA == Best && i.RankerB == Middle);

        Assert.True(pair.WinsA > pair.WinsB, $"{pair}");
        Assert.True(pair.PValue < 0.01, $"p = {pair.PValue}");
        Assert.Equal(Best, pair.Winner);
        Assert.Equal(3, eval.Interleaving.Count);
    }

    [Fact]
    public void Evaluate_SameRankerQuality_DifferenceIntervalsIncludeZero()
    {
        var eval = s_same.Value.Eval;

        var c = eval.Compare("ranker-v1", "ranker-v2")!;

        foreach (var key in new[] { RankerMetric.NdcgAt10, RankerMetric.PrecisionAt5, RankerMetric.PrecisionAt10, RankerMetric.Ctr })
        {
            var d = c.Metrics.Single(m => m.Metric == key).Difference;
            Assert.True(d.Low <= 0 && d.High >= 0, $"{key}: {d}");
        }
        // Each query's two rankings are drawn once, so "same quality" rankers still differ query by query; interleaving
        // sees those real differences, but on balance neither side is preferred by more than a point.
        var il = Assert.Single(eval.Interleaving);
        Assert.InRange(il.PreferenceB, -0.01, 0.01);
    }

    [Fact]
    public void SegmentPrecision_SyntheticLog_ReportsEverySegmentAgainstHiddenGrades()
    {
        var (gen, agg, labels, _) = s_three.Value;
        var traffic = agg.RankerEvidence.Queries.GroupBy(q => q.QueryId).ToDictionary(g => g.Key, g => g.Sum(q => q.Counts.Impressions));
        var pairs = new List<SegmentPair>();
        for (int p = 0; p < agg.PairCount; p++)
        {
            gen.TryGetGrade(agg.GetQueryId(p), agg.GetDocId(p), out int grade);
            pairs.Add(new SegmentPair(agg.GetQueryId(p), labels.Labels[p], grade >= 2));
        }

        var r = SegmentPrecision.Evaluate(pairs, traffic, 0.95);

        Assert.Equal([QuerySegment.Head, QuerySegment.Torso, QuerySegment.Tail], r.Select(s => s.Segment));
        Assert.True(r[0].Queries < r[1].Queries && r[1].Queries < r[2].Queries);
        // The tail has the thinnest evidence: it is auto-labeled least.
        Assert.True(r[2].Coverage < r[0].Coverage, $"tail {r[2].Coverage:F3} head {r[0].Coverage:F3}");
        foreach (var s in r)
        {
            Assert.True(s.SeedDecided > 100, $"{s.Segment}: {s.SeedDecided}");
            Assert.InRange(s.Precision, s.Low, s.High);
            // Measured on every decided pair's hidden grade, each segment's precision is near the project's promise.
            Assert.True(s.High >= 0.93, $"{s.Segment}: {s.Precision:F4} [{s.Low:F4}, {s.High:F4}]");
        }
    }
}
