namespace LabelStudio.Core.DataValidation;

/// <summary>
/// TFDV's comparator distances (<c>anomalies/metrics.cc</c>). L∞ compares categorical counts, each side normalised by
/// its own total; Jensen–Shannon compares histograms after re-bucketing both to the union of their boundaries, in
/// log₂ so it lies in [0, 1].
/// </summary>
public static class Distances
{
    /// <summary>
    /// L∞ = maxᵥ |p(v) − q(v)| with p and q the counts normalised by their own totals; returns the distance and the
    /// value that moved most (ties go to the ordinally first value; null when both sides are empty).
    /// </summary>
    public static (double Distance, string? Value) LInfinity(IReadOnlyDictionary<string, double> p, IReadOnlyDictionary<string, double> q)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        var pTotal = p.Values.Sum();
        var qTotal = q.Values.Sum();
        var best = 0.0;
        string? value = null;
        foreach (var key in p.Keys.Union(q.Keys).Order(StringComparer.Ordinal))
        {
            var pv = pTotal > 0 ? p.GetValueOrDefault(key) / pTotal : 0;
            var qv = qTotal > 0 ? q.GetValueOrDefault(key) / qTotal : 0;
            var d = Math.Abs(pv - qv);
            // A tolerance so that shares equal up to rounding count as a tie.
            if (d > best + 1e-12 || value is null) (best, value) = (d, key);
        }
        return (best, value);
    }

    /// <summary>
    /// Jensen–Shannon divergence of two discrete distributions given as aligned counts (each normalised by its own
    /// total): ½ Σ P log₂(P/M) + ½ Σ Q log₂(Q/M) with M = (P + Q)/2, capped at 1 (0 when either side is empty).
    /// </summary>
    public static double JensenShannon(IReadOnlyList<double> p, IReadOnlyList<double> q)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        if (p.Count != q.Count) throw new ArgumentException("The distributions must have the same buckets.", nameof(q));
        var pTotal = p.Sum();
        var qTotal = q.Sum();
        if (pTotal <= 0 || qTotal <= 0) return 0;
        var sum = 0.0;
        for (var i = 0; i < p.Count; i++)
        {
            var pi = p[i] / pTotal;
            var qi = q[i] / qTotal;
            var m = (pi + qi) / 2;
            if (pi > 0) sum += 0.5 * pi * Math.Log2(pi / m);
            if (qi > 0) sum += 0.5 * qi * Math.Log2(qi / m);
        }
        return Math.Clamp(sum, 0, 1);
    }

    /// <summary>
    /// Re-buckets two histograms to the union of their boundaries, assuming mass is uniform inside a bucket (TFDV's
    /// rebinning). A point bucket (low = high) keeps its mass at that point, as an extra aligned bucket; a range bucket
    /// puts no mass on a point. Returns the aligned counts of both sides and each aligned bucket's bounds.
    /// </summary>
    public static (double[] P, double[] Q, HistogramBucket[] Buckets) Rebucket(IReadOnlyList<HistogramBucket> a, IReadOnlyList<HistogramBucket> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var bounds = a.Concat(b).SelectMany(h => new[] { h.Low, h.High }).Distinct().Order().ToArray();
        var points = a.Concat(b).Where(h => h.Low == h.High).Select(h => h.Low).Distinct().Order().ToArray();
        var buckets = new List<HistogramBucket>();
        for (var i = 0; i + 1 < bounds.Length; i++) buckets.Add(new HistogramBucket(bounds[i], bounds[i + 1], 0));
        buckets.AddRange(points.Select(x => new HistogramBucket(x, x, 0)));
        return (Spread(a, buckets), Spread(b, buckets), buckets.ToArray());
    }

    private static double[] Spread(IReadOnlyList<HistogramBucket> histogram, List<HistogramBucket> buckets)
    {
        var counts = new double[buckets.Count];
        foreach (var h in histogram)
        {
            for (var i = 0; i < buckets.Count; i++)
            {
                var target = buckets[i];
                if (h.Low == h.High)
                {
                    if (target.Low == target.High && target.Low == h.Low) counts[i] += h.Count;
                }
                else if (target.Low != target.High)
                {
                    var overlap = Math.Min(h.High, target.High) - Math.Max(h.Low, target.Low);
                    if (overlap > 0) counts[i] += h.Count * overlap / (h.High - h.Low);
                }
            }
        }
        return counts;
    }
}
