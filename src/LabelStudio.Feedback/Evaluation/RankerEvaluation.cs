namespace LabelStudio.Feedback.Evaluation;

/// <summary>
/// The evaluation of every ranker in the evidence, plus the per-query values behind it, so that any two rankers can be
/// compared (<see cref="Compare"/>) without going back to the evidence.
/// </summary>
public sealed class RankerEvaluation
{
    private readonly Dictionary<string, RankerQueryValues> _values;

    internal RankerEvaluation(IReadOnlyList<RankerSummary> rankers, IReadOnlyList<InterleavingResult> interleaving,
        IReadOnlyList<RankerMetric> metrics, Dictionary<string, RankerQueryValues> values, int judgedPairs)
    {
        Rankers = rankers;
        Interleaving = interleaving;
        Metrics = metrics;
        JudgedPairs = judgedPairs;
        _values = values;
    }

    /// <summary>Rankers, most impressions first.</summary>
    public IReadOnlyList<RankerSummary> Rankers { get; }

    public IReadOnlyList<InterleavingResult> Interleaving { get; }

    /// <summary>The metrics reported (SAT rate only when there were satisfied clicks).</summary>
    public IReadOnlyList<RankerMetric> Metrics { get; }

    /// <summary>Pairs with a judgement the label metrics could use.</summary>
    public int JudgedPairs { get; }

    /// <summary>B against A; null when either ranker is unknown.</summary>
    public RankerComparison? Compare(string rankerA, string rankerB)
    {
        if (!_values.TryGetValue(rankerA, out var a) || !_values.TryGetValue(rankerB, out var b))
        {
            return null;
        }
        // Align the two rankers' queries (both sorted by query index).
        var shared = new List<(int A, int B)>();
        int i = 0, j = 0;
        while (i < a.Query.Length && j < b.Query.Length)
        {
            if (a.Query[i] == b.Query[j])
            {
                shared.Add((i++, j++));
            }
            else if (a.Query[i] < b.Query[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        int n = shared.Count;
        var na = new double[n];
        var da = new double[n];
        var nb = new double[n];
        var db = new double[n];
        var list = new List<MetricDifference>();
        foreach (var metric in Metrics)
        {
            int m = RankerQueryValues.IndexOf(metric.Key);
            for (int s = 0; s < n; s++)
            {
                (na[s], da[s]) = a.Get(shared[s].A, m);
                (nb[s], db[s]) = b.Get(shared[s].B, m);
            }
            var diff = RatioEstimator.Difference(na, da, nb, db);
            var ea = RatioEstimator.Estimate(na, da);
            var eb = RatioEstimator.Estimate(nb, db);
            string verdict = "no_difference";
            if (diff.Low > 0 || diff.High < 0)
            {
                bool bHigher = diff.Low > 0;
                verdict = bHigher == metric.HigherIsBetter ? "b_better" : "a_better";
            }
            list.Add(new MetricDifference(metric.Key, ea.Value, eb.Value, diff, verdict));
        }
        return new RankerComparison(rankerA, rankerB, n, list);
    }
}
