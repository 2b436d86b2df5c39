namespace LabelStudio.Core.DataValidation;

/// <summary>
/// Rater bias: each rater's label distribution per control against the pooled labels of every other rater (L∞ with
/// the value that moved most and its noise band). Leaving the rater out of the pool keeps the two samples independent,
/// which the noise band assumes; a rater with no other rater on the control is not compared.
/// </summary>
public static class RaterSkewAnalysis
{
    /// <summary>Every rater × control figure of <paramref name="statistics"/>, most skewed first.</summary>
    public static IReadOnlyList<RaterSkew> Compute(DataStatistics statistics, double threshold = DriftThresholds.DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var results = new List<RaterSkew>();
        var controls = statistics.RaterLabels.Values.SelectMany(r => r.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var control in controls)
        {
            var total = new TopValuesSketch();
            foreach (var rater in statistics.RaterLabels.Values)
            {
                if (rater.TryGetValue(control, out var counts)) total.Merge(counts);
            }
            foreach (var (rater, labels) in statistics.RaterLabels)
            {
                if (!labels.TryGetValue(control, out var own)) continue;
                var rest = new TopValuesSketch
                {
                    Counts = total.Counts.Select(c => new ValueCount(c.Value, c.Count - own.CountOf(c.Value))).Where(c => c.Count > 0).ToList(),
                };
                if (rest.Size == 0) continue;
                var drift = DriftComparison.Categorical(control, DriftSubject.Labels, rest, own, threshold);
                results.Add(new RaterSkew(rater, control, own.Counts.Sum(c => c.Count), drift));
            }
        }
        return results.OrderByDescending(r => r.Drift.Verdict).ThenByDescending(r => r.Drift.Distance)
            .ThenBy(r => r.Rater, StringComparer.Ordinal).ToList();
    }
}
