namespace LabelStudio.Feedback.Evaluation;

/// <summary>
/// Ratio estimates R = Σ num_q / Σ den_q over queries, with a normal-approximation 95 % interval from the linearised
/// per-query values (num_q − R·den_q) / Σ den, i.e. a variance clustered by query. With den_q = 1 this is the mean of
/// per-query values and its standard error s/√n. Chosen over a bootstrap because it is deterministic, O(queries)
/// per metric (a comparison of every metric costs nothing next to the evidence merge) and, with the hundreds to
/// thousands of queries a search log has, the normal approximation of a mean of bounded values is accurate.
/// </summary>
public static class RatioEstimator
{
    /// <summary>z of a two-sided 95 % interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>The estimate over the queries with <c>den &gt; 0</c>.</summary>
    public static MetricEstimate Estimate(ReadOnlySpan<double> num, ReadOnlySpan<double> den)
    {
        if (num.Length != den.Length)
        {
            throw new ArgumentException("num and den differ in length.");
        }
        double sumNum = 0, sumDen = 0;
        int n = 0;
        for (int i = 0; i < num.Length; i++)
        {
            if (den[i] > 0)
            {
                sumNum += num[i];
                sumDen += den[i];
                n++;
            }
        }
        if (n == 0)
        {
            return MetricEstimate.None;
        }
        double r = sumNum / sumDen;
        if (n < 2)
        {
            return new MetricEstimate(r, double.NaN, double.NaN, n);
        }
        double ss = 0;
        for (int i = 0; i < num.Length; i++)
        {
            if (den[i] > 0)
            {
                double z = (num[i] - r * den[i]) / sumDen;
                ss += z * z;
            }
        }
        double half = Z95 * Math.Sqrt(ss * n / (n - 1));
        return new MetricEstimate(r, r - half, r + half, n);
    }

    /// <summary>
    /// R_B − R_A over the queries both have (<c>den &gt; 0</c> in both: a paired comparison, so a difference in query mix
    /// is not mistaken for a difference in quality), with the interval of the paired linearised differences.
    /// </summary>
    public static MetricEstimate Difference(ReadOnlySpan<double> numA, ReadOnlySpan<double> denA, ReadOnlySpan<double> numB,
        ReadOnlySpan<double> denB)
    {
        int len = numA.Length;
        if (denA.Length != len || numB.Length != len || denB.Length != len)
        {
            throw new ArgumentException("All spans must have the same length.");
        }
        double na = 0, da = 0, nb = 0, db = 0;
        int n = 0;
        for (int i = 0; i < len; i++)
        {
            if (denA[i] > 0 && denB[i] > 0)
            {
                na += numA[i];
                da += denA[i];
                nb += numB[i];
                db += denB[i];
                n++;
            }
        }
        if (n == 0)
        {
            return MetricEstimate.None;
        }
        double ra = na / da, rb = nb / db, diff = rb - ra;
        if (n < 2)
        {
            return new MetricEstimate(diff, double.NaN, double.NaN, n);
        }
        double ss = 0;
        for (int i = 0; i < len; i++)
        {
            if (denA[i] > 0 && denB[i] > 0)
            {
                double z = (numB[i] - rb * denB[i]) / db - (numA[i] - ra * denA[i]) / da;
                ss += z * z;
            }
        }
        double half = Z95 * Math.Sqrt(ss * n / (n - 1));
        return new MetricEstimate(diff, diff - half, diff + half, n);
    }

    /// <summary>Wilson score 95 % interval of a proportion (NaN bounds for n = 0).</summary>
    public static (double Low, double High) Wilson(long successes, long n)
    {
        if (n <= 0)
        {
            return (double.NaN, double.NaN);
        }
        double p = (double)successes / n;
        double z2 = Z95 * Z95;
        double denom = 1 + z2 / n;
        double center = (p + z2 / (2.0 * n)) / denom;
        double half = Z95 * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denom;
        return (Math.Max(0, center - half), Math.Min(1, center + half));
    }

    /// <summary>Exact two-sided sign test: P(as extreme a split of <paramref name="wins"/> vs <paramref name="losses"/>) under p = ½.</summary>
    public static double SignTest(long wins, long losses)
    {
        long n = wins + losses;
        if (n == 0)
        {
            return 1;
        }
        long k = Math.Min(wins, losses);
        // log P(X = i) built up term by term; summed in log space so large n never underflows to a wrong 0 early.
        double logTerm = -n * Math.Log(2);
        double logSum = logTerm;
        for (long i = 1; i <= k; i++)
        {
            logTerm += Math.Log(n - i + 1) - Math.Log(i);
            double hi = Math.Max(logSum, logTerm), lo = Math.Min(logSum, logTerm);
            logSum = hi + Math.Log(1 + Math.Exp(lo - hi));
        }
        return Math.Min(1, 2 * Math.Exp(logSum));
    }
}
