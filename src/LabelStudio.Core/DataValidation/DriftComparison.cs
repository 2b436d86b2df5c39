using System.Globalization;

namespace LabelStudio.Core.DataValidation;

/// <summary>
/// Drift between two sets of statistics (two import batches, two dataset versions, a dataset and production records):
/// L∞ for categorical fields (at most <see cref="MaxCategories"/> distinct values on the baseline) and for the label
/// distribution of each control, Jensen–Shannon for numeric fields and text lengths (STANDARD histograms re-bucketed
/// to the union of their boundaries). A string field is compared either as categories or by length, not both: the
/// fields the labeling configuration shows (<c>textFields</c>, the text being labeled) and high-cardinality strings by
/// length. Each figure carries its noise band (<see cref="NoiseBand"/>) and verdict.
/// </summary>
public static class DriftComparison
{
    /// <summary>The most distinct values a field may have to be compared as categorical (TFDV's string-domain limit).</summary>
    public const int MaxCategories = 100;

    /// <summary>Every drift figure between <paramref name="baseline"/> and <paramref name="current"/>, by name.</summary>
    public static DriftReport Compare(DataStatistics baseline, DataStatistics current, DriftThresholds? thresholds = null,
        IEnumerable<string>? textFields = null)
    {
        var texts = textFields?.ToHashSet(StringComparer.Ordinal) ?? [];
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        var t = thresholds ?? DriftThresholds.Default;
        var items = new List<FieldDrift>();
        foreach (var (name, a) in baseline.Fields)
        {
            if (!current.Fields.TryGetValue(name, out var b)) continue;
            var categorical = a.Type is DataFieldType.String or DataFieldType.Bool or DataFieldType.Int && !texts.Contains(name)
                && a.Distinct <= MaxCategories && !a.Values.Approximate && !b.Values.Approximate;
            if (categorical)
            {
                items.Add(Categorical(name, DriftSubject.Values, a.Values, b.Values, t.LInfinity));
            }
            if (a.Type is DataFieldType.Int or DataFieldType.Float && b.Numbers.Count > 0 && a.Numbers.Count > 0)
            {
                items.Add(Histogram(name, DriftSubject.Numbers, a.Numbers, b.Numbers, t.JensenShannon));
            }
            if (!categorical && a.Type is DataFieldType.String && a.TextLength.Count > 0 && b.TextLength.Count > 0)
            {
                items.Add(Histogram(name, DriftSubject.TextLength, a.TextLength, b.TextLength, t.JensenShannon));
            }
        }
        AddLabels(items, DriftSubject.Labels, baseline.Labels, current.Labels, t.LInfinity);
        AddLabels(items, DriftSubject.PredictionLabels, baseline.PredictionLabels, current.PredictionLabels, t.LInfinity);
        return new DriftReport(baseline.Tasks, current.Tasks, t, items);
    }

    private static void AddLabels(List<FieldDrift> items, DriftSubject subject, SortedDictionary<string, TopValuesSketch> a,
        SortedDictionary<string, TopValuesSketch> b, double threshold)
    {
        foreach (var (control, counts) in a)
        {
            if (b.TryGetValue(control, out var other)) items.Add(Categorical(control, subject, counts, other, threshold));
        }
    }

    /// <summary>The L∞ figure between two count sketches, its noise band taken at the value that moved most.</summary>
    public static FieldDrift Categorical(string name, DriftSubject subject, TopValuesSketch a, TopValuesSketch b, double threshold)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var p = a.Counts.ToDictionary(c => c.Value, c => (double)c.Count, StringComparer.Ordinal);
        var q = b.Counts.ToDictionary(c => c.Value, c => (double)c.Count, StringComparer.Ordinal);
        var (distance, value) = Distances.LInfinity(p, q);
        double pTotal = p.Values.Sum(), qTotal = q.Values.Sum();
        var pv = value is null ? 0 : p.GetValueOrDefault(value);
        var qv = value is null ? 0 : q.GetValueOrDefault(value);
        var band = NoiseBand.LInfinity(pv, pTotal, qv, qTotal);
        return new FieldDrift(name, subject, DriftMeasure.LInfinity, distance, value,
            pTotal > 0 ? pv / pTotal : 0, qTotal > 0 ? qv / qTotal : 0, threshold, band, FieldDrift.Judge(distance, threshold, band));
    }

    /// <summary>The Jensen–Shannon figure between two numeric summaries' histograms.</summary>
    public static FieldDrift Histogram(string name, DriftSubject subject, NumericSummary a, NumericSummary b, double threshold)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var (p, q, buckets) = Distances.Rebucket(a.Histogram, b.Histogram);
        var distance = Distances.JensenShannon(p, q);
        double pTotal = p.Sum(), qTotal = q.Sum();
        var nonEmpty = Enumerable.Range(0, p.Length).Count(i => p[i] > 0 || q[i] > 0);
        var band = NoiseBand.JensenShannon(nonEmpty, a.Count, b.Count);
        var moved = -1;
        var most = -1.0;
        for (var i = 0; i < p.Length; i++)
        {
            var d = Math.Abs((pTotal > 0 ? p[i] / pTotal : 0) - (qTotal > 0 ? q[i] / qTotal : 0));
            if (d > most) (most, moved) = (d, i);
        }
        string? label = moved < 0 ? null : Bucket(buckets[moved]);
        return new FieldDrift(name, subject, DriftMeasure.JensenShannon, distance, label,
            moved < 0 || pTotal <= 0 ? null : p[moved] / pTotal, moved < 0 || qTotal <= 0 ? null : q[moved] / qTotal,
            threshold, band, FieldDrift.Judge(distance, threshold, band));
    }

    private static string Bucket(HistogramBucket bucket) => bucket.Low == bucket.High
        ? bucket.Low.ToString("G4", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{bucket.Low:G4}–{bucket.High:G4}");
}
