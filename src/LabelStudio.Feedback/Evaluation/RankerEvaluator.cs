namespace LabelStudio.Feedback.Evaluation;

/// <summary>
/// Evaluates rankers from their stored evidence. Click metrics are pooled over impressions (online metrics weigh a
/// query by its traffic); NDCG@10 and precision@k are means over queries (offline metrics weigh every query alike).
/// Each comes with a 95 % interval over queries (<see cref="RatioEstimator"/>). Interleaved impressions count only
/// towards the interleaving outcomes, never towards either ranker's metrics, since their lists are a mix of both.
/// </summary>
public static class RankerEvaluator
{
    private const int NdcgDepth = 10;
    private static readonly int[] s_precisionDepths = [1, 5, 10];

    public static RankerEvaluation Evaluate(RankerEvidence evidence, RelevanceJudgements judgements)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(judgements);
        int m = RankerQueryValues.MetricCount;
        var queryIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var q in evidence.Queries.Select(e => e.QueryId).Distinct().OrderBy(x => x, StringComparer.Ordinal))
        {
            queryIndex[q] = queryIndex.Count;
        }
        var idealCache = new Dictionary<string, double>(StringComparer.Ordinal);
        bool anySat = evidence.Queries.Any(e => e.Counts.SatImpressions > 0);
        var values = new Dictionary<string, RankerQueryValues>(StringComparer.Ordinal);
        var summaries = new List<RankerSummary>();
        foreach (var group in evidence.Queries.GroupBy(e => e.Ranker, StringComparer.Ordinal))
        {
            var rows = group.OrderBy(e => queryIndex[e.QueryId]).ToArray();
            var num = new double[rows.Length * m];
            var den = new double[rows.Length * m];
            var query = new int[rows.Length];
            long impressions = 0;
            for (int r = 0; r < rows.Length; r++)
            {
                var e = rows[r];
                query[r] = queryIndex[e.QueryId];
                impressions += e.Counts.Impressions;
                if (!idealCache.TryGetValue(e.QueryId, out double ideal))
                {
                    ideal = IdealDcg(judgements.Of(e.QueryId));
                    idealCache[e.QueryId] = ideal;
                }
                Fill(e, judgements.Of(e.QueryId), ideal, num.AsSpan(r * m, m), den.AsSpan(r * m, m));
            }
            var qv = new RankerQueryValues(query, num, den);
            values[group.Key] = qv;
            var metrics = new Dictionary<string, MetricEstimate>();
            for (int i = 0; i < m; i++)
            {
                metrics[RankerMetric.All[i].Key] = qv.Estimate(i);
            }
            summaries.Add(new RankerSummary(group.Key, impressions, rows.Length, metrics));
        }
        var reported = RankerMetric.All.Where(x => anySat || x.Key != RankerMetric.SatRate).ToArray();
        var interleaving = evidence.Interleaving.Select(i => new InterleavingResult(i.RankerA, i.RankerB, i.WinsA, i.WinsB, i.Ties,
            i.NoClicks, RatioEstimator.SignTest(i.WinsA, i.WinsB),
            i.WinsA + i.WinsB + i.Ties == 0 ? 0 : (i.WinsB + i.Ties / 2.0) / (i.WinsA + i.WinsB + i.Ties) - 0.5)).ToArray();
        return new RankerEvaluation(
            summaries.OrderByDescending(s => s.Impressions).ThenBy(s => s.Ranker, StringComparer.Ordinal).ToArray(),
            interleaving, reported, values, judgements.Count);
    }

    /// <summary>DCG@10 of the query's judged docs in the best order (0 when none has a gain).</summary>
    public static double IdealDcg(IReadOnlyDictionary<string, PairJudgement> docs)
    {
        var gains = docs.Values.Select(j => j.Gain).Where(g => g > 0).OrderByDescending(g => g).Take(NdcgDepth).ToArray();
        double dcg = 0;
        for (int i = 0; i < gains.Length; i++)
        {
            dcg += gains[i] / Math.Log2(i + 2);
        }
        return dcg;
    }

    private static void Fill(RankerQueryEvidence e, IReadOnlyDictionary<string, PairJudgement> judged, double ideal, Span<double> num,
        Span<double> den)
    {
        var c = e.Counts;
        double impressions = c.Impressions;
        Set(num, den, RankerMetric.Ctr, c.Clicks, c.ResultsShown);
        Set(num, den, RankerMetric.CtrAt1, c.Rank1Clicks, impressions);
        Set(num, den, RankerMetric.Mrr, c.ReciprocalRankSum, impressions);
        Set(num, den, RankerMetric.Abandonment, c.Impressions - c.ClickedImpressions, impressions);
        Set(num, den, RankerMetric.ClicksPerQuery, c.Clicks, impressions);
        Set(num, den, RankerMetric.SatRate, c.SatImpressions, impressions);
        if (impressions <= 0)
        {
            return;
        }
        double dcg = 0;
        Span<double> labeled = stackalloc double[s_precisionDepths.Length];
        Span<double> relevant = stackalloc double[s_precisionDepths.Length];
        double shown10 = 0, labeled10 = 0;
        foreach (var d in e.Docs)
        {
            if (d.Rank > NdcgDepth)
            {
                continue;
            }
            shown10 += d.Impressions;
            if (!judged.TryGetValue(d.DocId, out var j))
            {
                continue;
            }
            dcg += d.Impressions / impressions * j.Gain / Math.Log2(d.Rank + 1);
            if (j.Label < 0)
            {
                continue;
            }
            labeled10 += d.Impressions;
            for (int k = 0; k < s_precisionDepths.Length; k++)
            {
                if (d.Rank <= s_precisionDepths[k])
                {
                    labeled[k] += d.Impressions;
                    relevant[k] += d.Impressions * j.Label;
                }
            }
        }
        if (ideal > 0)
        {
            Set(num, den, RankerMetric.NdcgAt10, dcg / ideal, 1);
        }
        string[] keys = [RankerMetric.PrecisionAt1, RankerMetric.PrecisionAt5, RankerMetric.PrecisionAt10];
        for (int k = 0; k < keys.Length; k++)
        {
            if (labeled[k] > 0)
            {
                Set(num, den, keys[k], relevant[k] / labeled[k], 1);
            }
        }
        if (shown10 > 0)
        {
            Set(num, den, RankerMetric.JudgedAt10, labeled10 / shown10, 1);
        }
    }

    private static void Set(Span<double> num, Span<double> den, string key, double n, double d)
    {
        int i = RankerQueryValues.IndexOf(key);
        num[i] = n;
        den[i] = d;
    }
}
