using LabelStudio.Feedback.Evaluation;

namespace LabelStudio.Feedback.Tests.Evaluation;

public sealed class RankerEvaluatorTests
{
    [Fact]
    public void Evaluate_OneQuery_HandWorkedMetrics()
    {
        // Two impressions, 3 results each: d1 @1 twice, d2 @2 twice, d3 @3 once, d4 @3 once; clicks at rank 2 and 3 of
        // the first impression (first click at rank 2: reciprocal rank 0.5), the second abandoned.
        var evidence = new RankerEvidence(
        [
            new RankerQueryEvidence("A", "q", new RankerClickCounts(2, 1, 2, 6, 0, 0.5, 1),
                [new(1, "d1", 2), new(2, "d2", 2), new(3, "d3", 1), new(3, "d4", 1)]),
        ], []);
        var judged = new RelevanceJudgements();
        judged.Set("q", "d1", new PairJudgement(0, 0));
        judged.Set("q", "d2", new PairJudgement(1, 1));
        judged.Set("q", "d3", new PairJudgement(0.5, -1));

        var r = RankerEvaluator.Evaluate(evidence, judged);

        var m = Assert.Single(r.Rankers).Metrics;
        Assert.Equal(2.0 / 6, m[RankerMetric.Ctr].Value, 12);
        Assert.Equal(0, m[RankerMetric.CtrAt1].Value, 12);
        Assert.Equal(0.25, m[RankerMetric.Mrr].Value, 12);
        Assert.Equal(0.5, m[RankerMetric.Abandonment].Value, 12);
        Assert.Equal(1, m[RankerMetric.ClicksPerQuery].Value, 12);
        Assert.Equal(0.5, m[RankerMetric.SatRate].Value, 12);
        // DCG = 1 * 1/log2(3) + 1/2 * 0.5/log2(4) = 0.63093 + 0.125; ideal = 1 + 0.5/log2(3).
        double dcg = 1 / Math.Log2(3) + 0.125;
        double ideal = 1 + 0.5 / Math.Log2(3);
        Assert.Equal(dcg / ideal, m[RankerMetric.NdcgAt10].Value, 12);
        Assert.Equal(0, m[RankerMetric.PrecisionAt1].Value, 12);
        Assert.Equal(0.5, m[RankerMetric.PrecisionAt5].Value, 12);
        Assert.Equal(0.5, m[RankerMetric.PrecisionAt10].Value, 12);
        Assert.Equal(4.0 / 6, m[RankerMetric.JudgedAt10].Value, 12);
        Assert.True(double.IsNaN(m[RankerMetric.NdcgAt10].Low));
        Assert.Contains(r.Metrics, x => x.Key == RankerMetric.SatRate);
    }

    [Fact]
    public void Compare_TwoQueries_HandWorkedDifferenceAndDirection()
    {
        // Clicks per impression: A 0.2 and 0.4, B 0.5 and 0.9 (10 impressions each): B − A = 0.4, standard error 0.1.
        var evidence = new RankerEvidence(
        [
            new RankerQueryEvidence("A", "q1", new RankerClickCounts(10, 2, 2, 100, 0, 0, 0), []),
            new RankerQueryEvidence("A", "q2", new RankerClickCounts(10, 4, 4, 100, 0, 0, 0), []),
            new RankerQueryEvidence("B", "q1", new RankerClickCounts(10, 5, 5, 100, 0, 0, 0), []),
            new RankerQueryEvidence("B", "q2", new RankerClickCounts(10, 9, 9, 100, 0, 0, 0), []),
            new RankerQueryEvidence("B", "q3", new RankerClickCounts(10, 0, 0, 100, 0, 0, 0), []),
        ], []);

        var c = RankerEvaluator.Evaluate(evidence, new RelevanceJudgements()).Compare("A", "B")!;

        Assert.Equal(2, c.SharedQueries);
        var clicks = c.Metrics.Single(x => x.Metric == RankerMetric.ClicksPerQuery);
        Assert.Equal(0.3, clicks.A, 12);
        Assert.Equal(0.7, clicks.B, 12);
        Assert.Equal(0.4, clicks.Difference.Value, 12);
        Assert.Equal(0.4 - RatioEstimator.Z95 * 0.1, clicks.Difference.Low, 12);
        Assert.Equal("b_better", clicks.Verdict);
        var abandonment = c.Metrics.Single(x => x.Metric == RankerMetric.Abandonment);
        Assert.Equal(-0.4, abandonment.Difference.Value, 12);
        Assert.Equal("b_better", abandonment.Verdict);
        Assert.DoesNotContain(c.Metrics, x => x.Metric == RankerMetric.SatRate);
        Assert.Null(RankerEvaluator.Evaluate(evidence, new RelevanceJudgements()).Compare("A", "nobody"));
    }

    [Fact]
    public void Evaluate_Interleaving_PValueAndPreference()
    {
        var evidence = new RankerEvidence([], [new InterleavingCount("r2", "r1", 1, 9, 2, 5)]);
        var builder = new RankerEvidenceBuilder();
        builder.Add(evidence);

        var i = Assert.Single(RankerEvaluator.Evaluate(builder.Build(), new RelevanceJudgements()).Interleaving);

        // Canonical order puts r1 first: r1 won 9, r2 won 1.
        Assert.Equal(("r1", "r2", 9L, 1L), (i.RankerA, i.RankerB, i.WinsA, i.WinsB));
        Assert.Equal(22.0 / 1024, i.PValue, 12);
        Assert.Equal((1 + 1.0) / 12 - 0.5, i.PreferenceB, 12);
        Assert.Equal("r1", i.Winner);
    }

    [Fact]
    public void Builder_SameRankerAndQueryFromTwoLogs_AddsUp()
    {
        var b = new RankerEvidenceBuilder();
        b.Add(new RankerQueryEvidence("A", "q", new RankerClickCounts(2, 1, 1, 6, 1, 1, 0), [new(1, "d1", 2)]));
        b.Add(new RankerQueryEvidence("A", "q", new RankerClickCounts(3, 2, 2, 9, 0, 0.5, 1), [new(1, "d1", 1), new(1, "d2", 2)]));

        var e = Assert.Single(b.Build().Queries);

        Assert.Equal(new RankerClickCounts(5, 3, 3, 15, 1, 1.5, 1), e.Counts);
        Assert.Equal([new RankedDocCount(1, "d1", 3), new RankedDocCount(1, "d2", 2)], e.Docs);
    }
}
