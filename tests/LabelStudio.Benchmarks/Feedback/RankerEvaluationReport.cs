using System.Diagnostics;
using LabelStudio.Feedback.Batch;
using LabelStudio.Feedback.Calibration;
using LabelStudio.Feedback.Evaluation;
using LabelStudio.Feedback.Synthetic;

namespace LabelStudio.Benchmarks.Feedback;

/// <summary>
/// The evaluation part of the feedback benchmark: what the per-ranker evidence costs (it is built during the ingest's
/// aggregation, so its time is inside "aggregate"), the time to evaluate and compare rankers and segments, and the
/// figures against the hidden grades.
/// </summary>
internal static class RankerEvaluationReport
{
    public static void Print(FeedbackInferResult result, SyntheticClickLog gen, IReadOnlyList<SeedLabel> seed)
    {
        var evidence = result.Aggregate.RankerEvidence;
        long docCells = evidence.Queries.Sum(q => (long)q.Docs.Count);
        Console.WriteLine();
        Console.WriteLine($"ranker evidence: {evidence.Queries.Count:N0} (ranker, query) rows, {docCells:N0} (rank, doc) counts, "
            + $"{evidence.Interleaving.Count} interleaved pairs; about {(evidence.Queries.Count * 96L + docCells * 48L) / 1e6:F1} MB as objects");

        var sw = Stopwatch.StartNew();
        var judged = new RelevanceJudgements();
        var agg = result.Aggregate;
        for (int p = 0; p < agg.PairCount; p++)
        {
            double pRel = result.Labels.ReportedPRel(p);
            judged.Set(agg.GetQueryId(p), agg.GetDocId(p), new PairJudgement(double.IsFinite(pRel) ? pRel : 0, result.Labels.Labels[p]));
        }
        foreach (var s in seed)
        {
            int rel = s.Grade >= 2 ? 1 : 0;
            judged.Set(s.QueryId, s.DocId, new PairJudgement(rel, rel));
        }
        var judgeTime = sw.Elapsed;
        sw.Restart();
        var eval = RankerEvaluator.Evaluate(evidence, judged);
        var evalTime = sw.Elapsed;
        sw.Restart();
        var comparisons = new List<RankerComparison>();
        for (int i = 0; i < eval.Rankers.Count; i++)
        {
            for (int j = i + 1; j < eval.Rankers.Count; j++)
            {
                comparisons.Add(eval.Compare(eval.Rankers[j].Ranker, eval.Rankers[i].Ranker)!);
            }
        }
        var compareTime = sw.Elapsed;
        Console.WriteLine($"evaluation: judgements {judgeTime.TotalMilliseconds:F0} ms, metrics of {eval.Rankers.Count} rankers {evalTime.TotalMilliseconds:F0} ms, "
            + $"{comparisons.Count} pairwise comparisons {compareTime.TotalMilliseconds:F0} ms");

        // The same rankers judged by the hidden grades (binary gain, every shown pair labeled), to check the ordering.
        var truth = new RelevanceJudgements();
        foreach (var s in gen.ShownTruth())
        {
            int rel = s.Grade >= 2 ? 1 : 0;
            truth.Set(s.QueryId, s.DocId, new PairJudgement(rel, rel));
        }
        var hidden = RankerEvaluator.Evaluate(evidence, truth);
        Console.WriteLine("ranker           impr     NDCG@10 (labels)        NDCG@10 (hidden)   P@5 (labels)           MRR");
        foreach (var r in eval.Rankers)
        {
            var h = hidden.Rankers.Single(x => x.Ranker == r.Ranker);
            Console.WriteLine($"  {r.Ranker,-12} {r.Impressions,9:N0}  {Fmt(r.Metrics[RankerMetric.NdcgAt10])}  {h.Metrics[RankerMetric.NdcgAt10].Value,8:F4}   "
                + $"{Fmt(r.Metrics[RankerMetric.PrecisionAt5])}  {Fmt(r.Metrics[RankerMetric.Mrr])}");
        }
        foreach (var c in comparisons)
        {
            var d = c.Metrics.Single(m => m.Metric == RankerMetric.NdcgAt10).Difference;
            Console.WriteLine($"  NDCG@10 {c.RankerB} - {c.RankerA}: {d.Value:+0.0000;-0.0000} [{d.Low:+0.0000;-0.0000}, {d.High:+0.0000;-0.0000}] over {c.SharedQueries:N0} queries");
        }
        foreach (var i in eval.Interleaving)
        {
            Console.WriteLine($"  interleaving {i.RankerA} vs {i.RankerB}: {i.WinsA:N0}-{i.WinsB:N0} ({i.Ties:N0} ties), p = {i.PValue:G3}");
        }

        sw.Restart();
        var traffic = evidence.Queries.GroupBy(q => q.QueryId).ToDictionary(g => g.Key, g => g.Sum(q => q.Counts.Impressions));
        var seedKeys = seed.ToDictionary(s => (s.QueryId, s.DocId), s => s.Grade >= 2);
        var seedPairs = new List<SegmentPair>(agg.PairCount);
        var truthPairs = new List<SegmentPair>(agg.PairCount);
        for (int p = 0; p < agg.PairCount; p++)
        {
            var key = (agg.GetQueryId(p), agg.GetDocId(p));
            seedPairs.Add(new SegmentPair(key.Item1, result.Labels.Labels[p], seedKeys.TryGetValue(key, out var rel) ? rel : null));
            gen.TryGetGrade(key.Item1, key.Item2, out int grade);
            truthPairs.Add(new SegmentPair(key.Item1, result.Labels.Labels[p], seedKeys.ContainsKey(key) ? null : grade >= 2));
        }
        double target = result.Labels.Calibration.TargetPrecision;
        var bySeed = SegmentPrecision.Evaluate(seedPairs, traffic, target);
        var segmentTime = sw.Elapsed;
        var byTruth = SegmentPrecision.Evaluate(truthPairs, traffic, target);
        Console.WriteLine($"segments ({segmentTime.TotalMilliseconds:F0} ms): precision on the seed [95% CI] vs on the hidden grades of non-seed pairs");
        for (int i = 0; i < bySeed.Count; i++)
        {
            var s = bySeed[i];
            var t = byTruth[i];
            Console.WriteLine($"  {s.Segment,-6} queries {s.Queries,6:N0}  pairs {s.Pairs,8:N0}  coverage {s.Coverage,6:P1}  seed {s.Precision:F4} [{s.Low:F4}, {s.High:F4}] on {s.SeedDecided:N0}  "
                + $"hidden {t.Precision:F4} [{t.Low:F4}, {t.High:F4}] on {t.SeedDecided:N0}  ({s.Verdict})");
        }
    }

    private static string Fmt(MetricEstimate e) => $"{e.Value:F4} [{e.Low:F4}, {e.High:F4}]";
}
