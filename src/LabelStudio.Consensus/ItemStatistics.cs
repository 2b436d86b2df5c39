namespace LabelStudio.Consensus;

/// <summary>Agreement measures of one item from its category counts.</summary>
/// <param name="MajorityLabel">Most frequent category; among tied categories the lowest index wins; -1 without ratings.</param>
/// <param name="MajorityShare">Votes of the majority label / ratings (0 without ratings).</param>
/// <param name="Tie">True when two or more categories share the top count.</param>
/// <param name="PairwiseAgreement">Σ n_k (n_k − 1) / (n (n − 1)), Fleiss' P_i; NaN with fewer than two ratings.</param>
/// <param name="NormalizedEntropy">−Σ p_k ln p_k / ln K, in [0, 1]; 0 when K = 1 or without ratings.</param>
/// <param name="Ratings">Number of ratings.</param>
public readonly record struct ItemSummary(int MajorityLabel, double MajorityShare, bool Tie, double PairwiseAgreement, double NormalizedEntropy, int Ratings);

/// <summary>Per-item measures for a whole table, as parallel arrays indexed by item.</summary>
public sealed class ItemAgreement
{
    internal ItemAgreement(int n)
    {
        MajorityLabel = new int[n];
        MajorityShare = new double[n];
        Tie = new bool[n];
        PairwiseAgreement = new double[n];
        NormalizedEntropy = new double[n];
        Ratings = new int[n];
    }

    /// <summary>Majority label per item (lowest index among ties; -1 without ratings).</summary>
    public int[] MajorityLabel { get; }

    /// <summary>Majority share per item.</summary>
    public double[] MajorityShare { get; }

    /// <summary>Tie flag per item.</summary>
    public bool[] Tie { get; }

    /// <summary>Pairwise agreement per item (NaN below two ratings).</summary>
    public double[] PairwiseAgreement { get; }

    /// <summary>Normalised entropy per item.</summary>
    public double[] NormalizedEntropy { get; }

    /// <summary>Number of ratings per item.</summary>
    public int[] Ratings { get; }

    /// <summary>Number of items.</summary>
    public int Count => Ratings.Length;
}

/// <summary>Majority vote and per-item agreement measures.</summary>
public static class ItemStatistics
{
    /// <summary>Measures of one item from its counts (length K).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static ItemSummary Summarize(ReadOnlySpan<int> counts)
    {
        var k = counts.Length;
        var n = 0;
        var best = -1;
        var bestCount = 0;
        var tie = false;
        double agree = 0;
        for (var c = 0; c < k; c++)
        {
            var x = counts[c];
            n += x;
            agree += (double)x * (x - 1);
            if (x > bestCount)
            {
                best = c;
                bestCount = x;
                tie = false;
            }
            else if (x == bestCount && x > 0)
            {
                tie = true;
            }
        }
        if (n == 0)
        {
            return new ItemSummary(-1, 0, false, double.NaN, 0, 0);
        }
        var entropy = 0.0;
        if (k > 1)
        {
            for (var c = 0; c < k; c++)
            {
                if (counts[c] > 0)
                {
                    var p = (double)counts[c] / n;
                    entropy -= p * Math.Log(p);
                }
            }
            entropy /= Math.Log(k);
        }
        var pairwise = n < 2 ? double.NaN : agree / ((double)n * (n - 1));
        return new ItemSummary(best, (double)bestCount / n, tie, pairwise, entropy, n);
    }

    /// <summary>Measures of every item of a table.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static ItemAgreement Compute(CountTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var result = new ItemAgreement(table.ItemCount);
        for (var i = 0; i < table.ItemCount; i++)
        {
            var s = Summarize(table.Row(i));
            result.MajorityLabel[i] = s.MajorityLabel;
            result.MajorityShare[i] = s.MajorityShare;
            result.Tie[i] = s.Tie;
            result.PairwiseAgreement[i] = s.PairwiseAgreement;
            result.NormalizedEntropy[i] = s.NormalizedEntropy;
            result.Ratings[i] = s.Ratings;
        }
        return result;
    }

    /// <summary>Majority label per item; ties go to the lowest category index; -1 for items without ratings.</summary>
    public static int[] MajorityVote(CountTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var labels = new int[table.ItemCount];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = ArgMax(table.Row(i));
        }
        return labels;
    }

    internal static int ArgMax(ReadOnlySpan<int> counts)
    {
        var best = -1;
        var bestCount = 0;
        for (var c = 0; c < counts.Length; c++)
        {
            if (counts[c] > bestCount)
            {
                best = c;
                bestCount = counts[c];
            }
        }
        return best;
    }

    internal static int ArgMax(ReadOnlySpan<double> p)
    {
        var best = 0;
        for (var c = 1; c < p.Length; c++)
        {
            if (p[c] > p[best])
            {
                best = c;
            }
        }
        return best;
    }
}
