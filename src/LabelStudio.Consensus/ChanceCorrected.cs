namespace LabelStudio.Consensus;

/// <summary>A chance-corrected agreement coefficient (pa − pe) / (1 − pe) with its parts.</summary>
/// <param name="Value">The coefficient; NaN when pe = 1 or when no item has two ratings.</param>
/// <param name="ObservedAgreement">pa.</param>
/// <param name="ChanceAgreement">pe.</param>
/// <param name="Items">Items with at least two ratings (those that enter pa).</param>
public sealed record ChanceCorrectedAgreement(double Value, double ObservedAgreement, double ChanceAgreement, int Items);

/// <summary>
/// Multi-rater agreement from an item × category count table. All three coefficients share pa, the mean over
/// items with r_i ≥ 2 of Σ_k r_ik (r_ik − 1) / (r_i (r_i − 1)), and the class shares π_k, the mean of r_ik / r_i
/// over items with r_i ≥ 1. With the same number of ratings on every item this is exactly Fleiss (1971); with
/// unequal numbers it is Gwet's generalisation (as in irrCAC). Rater identity is ignored.
/// </summary>
public static class MultiRaterAgreement
{
    /// <summary>Fleiss' kappa: pe = Σ π_k².</summary>
    public static ChanceCorrectedAgreement FleissKappa(CountTable table)
    {
        var (pa, items, pi) = Parts(table);
        var pe = 0.0;
        foreach (var p in pi)
        {
            pe += p * p;
        }
        return Make(pa, pe, items);
    }

    /// <summary>
    /// Gwet's AC1: pe = Σ π_k (1 − π_k) / (q − 1), where q is the number of declared categories
    /// (<paramref name="categoryCount"/>, default the table's class count).
    /// </summary>
    public static ChanceCorrectedAgreement GwetAc1(CountTable table, int? categoryCount = null)
    {
        var (pa, items, pi) = Parts(table);
        var q = categoryCount ?? table.ClassCount;
        if (q < 2)
        {
            return new ChanceCorrectedAgreement(double.NaN, pa, double.NaN, items);
        }
        var pe = 0.0;
        foreach (var p in pi)
        {
            pe += p * (1 - p);
        }
        return Make(pa, pe / (q - 1), items);
    }

    /// <summary>Brennan–Prediger (free-marginal, Randolph's) kappa: pe = 1 / q.</summary>
    public static ChanceCorrectedAgreement BrennanPrediger(CountTable table, int? categoryCount = null)
    {
        var (pa, items, _) = Parts(table);
        var q = categoryCount ?? table.ClassCount;
        return Make(pa, 1.0 / q, items);
    }

    /// <summary>Percent agreement pa (the mean pairwise agreement of items with at least two ratings); NaN if none.</summary>
    public static double PercentAgreement(CountTable table) => Parts(table).Pa;

    private static ChanceCorrectedAgreement Make(double pa, double pe, int items)
    {
        var value = items == 0 || pe >= 1 ? double.NaN : (pa - pe) / (1 - pe);
        return new ChanceCorrectedAgreement(value, pa, pe, items);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static (double Pa, int Items, double[] Pi) Parts(CountTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var k = table.ClassCount;
        var counts = table.CountsArray;
        var totals = table.TotalsArray;
        var pi = new double[k];
        var paSum = 0.0;
        var paItems = 0;
        var rated = 0;
        for (var i = 0; i < totals.Length; i++)
        {
            var r = totals[i];
            if (r == 0)
            {
                continue;
            }
            rated++;
            var row = counts.AsSpan(i * k, k);
            double agree = 0;
            for (var c = 0; c < k; c++)
            {
                var x = row[c];
                if (x != 0)
                {
                    pi[c] += (double)x / r;
                    agree += (double)x * (x - 1);
                }
            }
            if (r >= 2)
            {
                paSum += agree / ((double)r * (r - 1));
                paItems++;
            }
        }
        if (rated > 0)
        {
            for (var c = 0; c < k; c++)
            {
                pi[c] /= rated;
            }
        }
        return (paItems == 0 ? double.NaN : paSum / paItems, paItems, pi);
    }
}
