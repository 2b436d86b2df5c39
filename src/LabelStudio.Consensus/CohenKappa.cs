namespace LabelStudio.Consensus;

/// <summary>Weighting of Cohen's kappa.</summary>
public enum KappaWeighting
{
    /// <summary>Exact agreement only.</summary>
    Unweighted,

    /// <summary>Linear (Cicchetti–Allison): w_ij = 1 − |i − j| / (K − 1).</summary>
    Linear,

    /// <summary>Quadratic (Fleiss–Cohen): w_ij = 1 − (i − j)² / (K − 1)².</summary>
    Quadratic,
}

/// <summary>
/// Cohen's kappa for two raters. Weights are built from the <b>declared ordered category list</b>: i and j are the
/// positions of the two categories in that list (the class indices 0..K−1) and K is the length of the whole list,
/// whether or not every category was used. (R irr instead ranks only the levels that occur; to reproduce it, declare
/// exactly the observed levels.) κ_w = (p_o − p_e) / (1 − p_e) with p_o = Σ w_ij p_ij and p_e = Σ w_ij p_i· p_·j;
/// NaN when p_e = 1 (e.g. both raters always chose the same single category) or the table is empty.
/// </summary>
public static class CohenKappa
{
    /// <summary>The agreement weight of categories <paramref name="i"/> and <paramref name="j"/>.</summary>
    public static double Weight(int i, int j, int classCount, KappaWeighting weighting)
    {
        if (i == j)
        {
            return 1;
        }
        if (weighting == KappaWeighting.Unweighted || classCount < 2)
        {
            return 0;
        }
        var d = Math.Abs(i - j) / (double)(classCount - 1);
        return weighting == KappaWeighting.Linear ? 1 - d : 1 - d * d;
    }

    /// <summary>Kappa from a K × K contingency table (row-major; rows = rater A, columns = rater B).</summary>
    public static double FromTable(ReadOnlySpan<double> table, int classCount, KappaWeighting weighting = KappaWeighting.Unweighted)
    {
        var k = classCount;
        if (table.Length != k * k)
        {
            throw new ArgumentException("The table must be K × K.", nameof(table));
        }
        Span<double> rows = k <= 128 ? stackalloc double[k] : new double[k];
        Span<double> cols = k <= 128 ? stackalloc double[k] : new double[k];
        rows.Clear();
        cols.Clear();
        var n = 0.0;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var x = table[i * k + j];
                rows[i] += x;
                cols[j] += x;
                n += x;
            }
        }
        if (n <= 0)
        {
            return double.NaN;
        }
        double po = 0, pe = 0;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var w = Weight(i, j, k, weighting);
                if (w == 0)
                {
                    continue;
                }
                po += w * table[i * k + j];
                pe += w * rows[i] * cols[j];
            }
        }
        po /= n;
        pe /= n * n;
        return pe >= 1 - 1e-15 ? double.NaN : (po - pe) / (1 - pe);
    }

    /// <summary>Kappa from a K × K table of integer counts.</summary>
    public static double FromTable(ReadOnlySpan<int> table, int classCount, KappaWeighting weighting = KappaWeighting.Unweighted)
    {
        var d = new double[table.Length];
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = table[i];
        }
        return FromTable(d, classCount, weighting);
    }

    /// <summary>Kappa of two aligned label vectors (a[i] and b[i] rate the same item; use -1 for missing: the pair is skipped).</summary>
    public static double Compute(ReadOnlySpan<int> a, ReadOnlySpan<int> b, int classCount, KappaWeighting weighting = KappaWeighting.Unweighted)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException("Both raters need the same number of entries.");
        }
        var table = new double[classCount * classCount];
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] < 0 || b[i] < 0)
            {
                continue;
            }
            table[a[i] * classCount + b[i]]++;
        }
        return FromTable(table, classCount, weighting);
    }
}

/// <summary>Agreement of one pair of raters over the items both rated.</summary>
/// <param name="RaterA">Lower rater index.</param>
/// <param name="RaterB">Higher rater index.</param>
/// <param name="Overlap">Number of co-rated (item, rating, rating) pairs; normally the number of shared items.</param>
/// <param name="Kappa">Cohen's kappa on those pairs (NaN when undefined).</param>
/// <param name="PercentAgreement">Share of exactly equal pairs.</param>
public sealed record RaterPairAgreement(int RaterA, int RaterB, int Overlap, double Kappa, double PercentAgreement);

/// <summary>
/// Cohen's kappa for every pair of raters that share at least one item, from one counting pass over the items
/// (Σ m_i² work). If a rater rated an item more than once, each combination of their ratings is a pair.
/// </summary>
public static class PairwiseKappa
{
    /// <summary>All pairs with overlap ≥ <paramref name="minOverlap"/>, ordered by (RaterA, RaterB).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static IReadOnlyList<RaterPairAgreement> Compute(RatingMatrix matrix, KappaWeighting weighting = KappaWeighting.Unweighted, int minOverlap = 1)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var r = matrix.RaterCount;
        var k = matrix.ClassCount;
        var kk = k * k;
        var pairCount = (long)r * (r - 1) / 2;
        var start = matrix.ItemStartArray;
        var raters = matrix.RatersArray;
        var labels = matrix.LabelsArray;
        // One table per pair: in one array when all pairs fit, else only for the pairs that occur.
        var dense = pairCount * kk <= 1L << 26 ? new int[pairCount * kk] : null;
        var sparse = new Dictionary<long, int[]>();
        for (var i = 0; i < matrix.ItemCount; i++)
        {
            for (var x = start[i]; x < start[i + 1]; x++)
            {
                for (var y = x + 1; y < start[i + 1]; y++)
                {
                    int a = raters[x], b = raters[y], la = labels[x], lb = labels[y];
                    if (a == b)
                    {
                        continue;
                    }
                    if (a > b)
                    {
                        (a, b, la, lb) = (b, a, lb, la);
                    }
                    if (dense is not null)
                    {
                        dense[PairIndex(a, b, r) * kk + la * k + lb]++;
                        continue;
                    }
                    var key = (long)a * r + b;
                    if (!sparse.TryGetValue(key, out var t))
                    {
                        sparse[key] = t = new int[kk];
                    }
                    t[la * k + lb]++;
                }
            }
        }
        var result = new List<RaterPairAgreement>();
        if (dense is not null)
        {
            for (var a = 0; a < r; a++)
            {
                for (var b = a + 1; b < r; b++)
                {
                    var t = dense.AsSpan((int)(PairIndex(a, b, r) * kk), kk);
                    AddPair(result, a, b, t, k, weighting, minOverlap);
                }
            }
        }
        foreach (var key in sparse.Keys.Order())
        {
            AddPair(result, (int)(key / r), (int)(key % r), sparse[key], k, weighting, minOverlap);
        }
        return result;
    }

    private static long PairIndex(int a, int b, int r) => (long)a * (2L * r - a - 1) / 2 + (b - a - 1);

    private static void AddPair(List<RaterPairAgreement> result, int a, int b, ReadOnlySpan<int> t, int k, KappaWeighting weighting, int minOverlap)
    {
        var n = 0;
        var same = 0;
        for (var c = 0; c < k; c++)
        {
            for (var e = 0; e < k; e++)
            {
                n += t[c * k + e];
            }
            same += t[c * k + c];
        }
        if (n == 0 || n < minOverlap)
        {
            return;
        }
        result.Add(new RaterPairAgreement(a, b, n, CohenKappa.FromTable(t, k, weighting), (double)same / n));
    }
}
