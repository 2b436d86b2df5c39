namespace LabelStudio.Core.DataValidation;

/// <summary>
/// How large a distance two samples of the same distribution reach by chance (at about 95 %), so that a small batch
/// does not cry wolf: a distance is flagged only when it exceeds both the project's threshold and this band.
/// </summary>
public static class NoiseBand
{
    /// <summary>The two-sided 95 % normal quantile.</summary>
    public const double Z95 = 1.96;

    /// <summary>
    /// For L∞ at one value: under "no change" both sides estimate the pooled proportion p̂ = (a + b)/(nₐ + n_b), and
    /// their difference has standard deviation √(p̂(1 − p̂)(1/nₐ + 1/n_b)) (two-proportion z-test), so the band is
    /// 1.96 times that. E.g. p̂ = 0.5, nₐ = n_b = 200: 1.96·√(0.25·0.01) = 0.098.
    /// </summary>
    public static double LInfinity(double countA, double totalA, double countB, double totalB)
    {
        if (totalA <= 0 || totalB <= 0) return 1;
        var pooled = (countA + countB) / (totalA + totalB);
        return Math.Min(1, Z95 * Math.Sqrt(pooled * (1 - pooled) * (1 / totalA + 1 / totalB)));
    }

    /// <summary>
    /// For Jensen–Shannon over <paramref name="buckets"/> non-empty aligned buckets: for small differences
    /// JSD (in nats, equal weights) ≈ ⅛ Σ (p − q)²/m, while the two-sample chi-square statistic is
    /// χ² = (nₐ n_b / (nₐ + n_b)) Σ (p − q)²/m, which under "no change" follows χ² with (buckets − 1) degrees of
    /// freedom. So JSD ≈ χ² (nₐ + n_b) / (8 nₐ n_b), and the band is the 95th percentile of χ²(buckets − 1) (by the
    /// Wilson–Hilferty approximation) put through that formula, converted to bits (÷ ln 2). E.g. 10 buckets,
    /// nₐ = n_b = 200: χ²₀.₉₅(9) ≈ 16.92, band ≈ 16.92 · 400 / (8 · 40,000) / ln 2 ≈ 0.031.
    /// </summary>
    public static double JensenShannon(int buckets, double totalA, double totalB)
    {
        if (totalA <= 0 || totalB <= 0) return 1;
        var df = Math.Max(1, buckets - 1);
        var chi2 = ChiSquare95(df);
        return Math.Min(1, chi2 * (totalA + totalB) / (8 * totalA * totalB) / Math.Log(2));
    }

    /// <summary>
    /// For a presence fraction: Deequ's RetainCompleteness lower bound p − 1.96·√(p(1 − p)/n), with p the reference
    /// fraction and n the new sample's size (the new batch's fraction is the noisy one; Deequ takes n from the
    /// reference profile because it checks future data of the same size).
    /// </summary>
    public static double PresenceLowerBound(double p, long n) =>
        n <= 0 ? 0 : p - Z95 * Math.Sqrt(p * (1 - p) / n);

    /// <summary>The 95th percentile of χ² with <paramref name="df"/> degrees of freedom (Wilson–Hilferty).</summary>
    public static double ChiSquare95(int df)
    {
        const double z = 1.6448536269514722;
        var a = 2.0 / (9 * df);
        return df * Math.Pow(1 - a + z * Math.Sqrt(a), 3);
    }
}
