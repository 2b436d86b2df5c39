namespace LabelStudio.Consensus;

/// <summary>Krippendorff's alpha with its parts.</summary>
/// <param name="Alpha">1 − D_o / D_e; NaN when undefined (no pairable unit, or no variation at all so D_e = 0).</param>
/// <param name="ObservedDisagreement">D_o = Σ o_ck δ²_ck / n.</param>
/// <param name="ExpectedDisagreement">D_e = Σ n_c n_k δ²_ck / (n (n − 1)).</param>
/// <param name="PairableUnits">Units with at least two ratings (the others drop out).</param>
/// <param name="PairableValues">n, the number of ratings in pairable units.</param>
public sealed record AlphaResult(double Alpha, double ObservedDisagreement, double ExpectedDisagreement, int PairableUnits, long PairableValues);

/// <summary>A bootstrap percentile confidence interval for alpha.</summary>
/// <param name="Lower">Lower percentile bound.</param>
/// <param name="Upper">Upper percentile bound.</param>
/// <param name="Confidence">Coverage, e.g. 0.95.</param>
/// <param name="Resamples">Number of resamples whose alpha was defined.</param>
public sealed record AlphaInterval(double Lower, double Upper, double Confidence, int Resamples);

/// <summary>
/// Krippendorff's alpha for nominal, ordinal, interval and ratio data (or any squared-difference matrix), with
/// missing ratings: a unit with m_u ratings adds n_uc·n_uk/(m_u − 1) to the coincidence cell (c, k), so units with
/// fewer than two ratings drop out. Categories carry numeric values for interval/ratio (and their order for ordinal);
/// when no values are given, category index i has value i.
/// </summary>
public static class KrippendorffAlpha
{
    /// <summary>Alpha for a level of measurement.</summary>
    /// <param name="table">Item × category counts.</param>
    /// <param name="level">Level of measurement.</param>
    /// <param name="values">Value of each category (default: its index). Ordinal uses only their order.</param>
    public static AlphaResult Compute(CountTable table, MeasurementLevel level, ReadOnlySpan<double> values = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var k = table.ClassCount;
        var marginals = new double[k];
        var (n, units) = Marginals(table, marginals);
        var delta = DistanceMatrix(level, ResolveValues(values, k), marginals);
        return Finish(table, delta, marginals, n, units);
    }

    /// <summary>Alpha with a custom squared-difference matrix δ² (K × K, row-major, symmetric, zero diagonal), e.g. MASI.</summary>
    public static AlphaResult Compute(CountTable table, ReadOnlySpan<double> squaredDistance)
    {
        ArgumentNullException.ThrowIfNull(table);
        var k = table.ClassCount;
        if (squaredDistance.Length != k * k)
        {
            throw new ArgumentException("The distance matrix must be K × K.", nameof(squaredDistance));
        }
        var marginals = new double[k];
        var (n, units) = Marginals(table, marginals);
        return Finish(table, squaredDistance.ToArray(), marginals, n, units);
    }

    /// <summary>
    /// The squared difference δ²(c, k) between categories for a level. Ordinal uses Krippendorff's rank-frequency
    /// form (Σ_{g from c to k} n_g − (n_c + n_k)/2)², with categories ordered by <paramref name="values"/> and n_g the
    /// pairable marginals.
    /// </summary>
    public static double[] DistanceMatrix(MeasurementLevel level, ReadOnlySpan<double> values, ReadOnlySpan<double> marginals)
    {
        var k = values.Length;
        var d = new double[k * k];
        switch (level)
        {
            case MeasurementLevel.Nominal:
                for (var c = 0; c < k; c++)
                {
                    for (var e = 0; e < k; e++)
                    {
                        d[c * k + e] = c == e ? 0 : 1;
                    }
                }
                break;
            case MeasurementLevel.Interval:
                for (var c = 0; c < k; c++)
                {
                    for (var e = 0; e < k; e++)
                    {
                        var x = values[c] - values[e];
                        d[c * k + e] = x * x;
                    }
                }
                break;
            case MeasurementLevel.Ratio:
                for (var c = 0; c < k; c++)
                {
                    for (var e = 0; e < k; e++)
                    {
                        var s = values[c] + values[e];
                        var x = s == 0 ? 0 : (values[c] - values[e]) / s;
                        d[c * k + e] = x * x;
                    }
                }
                break;
            case MeasurementLevel.Ordinal:
                OrdinalDistance(values, marginals, d);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(level));
        }
        return d;
    }

    /// <summary>
    /// Bootstrap percentile interval: <paramref name="resamples"/> resamples of the pairable units with replacement,
    /// alpha recomputed from the per-unit coincidence contributions. Identical units are pooled and a resample is
    /// drawn as one multinomial over the distinct count patterns, which has exactly the distribution of drawing units
    /// one by one but costs O(patterns) per resample. Deterministic for a given <paramref name="seed"/>.
    /// </summary>
    public static AlphaInterval Bootstrap(CountTable table, MeasurementLevel level, ReadOnlySpan<double> values = default,
        int resamples = 1000, ulong seed = 0x5EED, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(table);
        var v = ResolveValues(values, table.ClassCount);
        double[]? fixedDelta = level == MeasurementLevel.Ordinal ? null : DistanceMatrix(level, v, new double[table.ClassCount]);
        return BootstrapCore(table, fixedDelta, v, resamples, seed, confidence);
    }

    /// <summary>Bootstrap interval for a custom squared-difference matrix (see <see cref="Bootstrap(CountTable, MeasurementLevel, ReadOnlySpan{double}, int, ulong, double)"/>).</summary>
    public static AlphaInterval Bootstrap(CountTable table, ReadOnlySpan<double> squaredDistance, int resamples = 1000, ulong seed = 0x5EED, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(table);
        return BootstrapCore(table, squaredDistance.ToArray(), ResolveValues(default, table.ClassCount), resamples, seed, confidence);
    }

    private static AlphaInterval BootstrapCore(CountTable table, double[]? fixedDelta, double[] values, int resamples, ulong seed, double confidence)
    {
        if (resamples < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(resamples));
        }
        if (confidence is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(confidence));
        }
        var k = table.ClassCount;
        var patterns = Patterns.Collect(table);
        var p = patterns.Count;
        if (p == 0)
        {
            return new AlphaInterval(double.NaN, double.NaN, confidence, 0);
        }
        var fixedContribution = fixedDelta is null ? null : new double[p];
        if (fixedDelta is not null)
        {
            for (var i = 0; i < p; i++)
            {
                fixedContribution![i] = patterns.Contribution(i, fixedDelta);
            }
        }
        var rng = new SplitMix(seed);
        var weights = new long[p];
        var marginals = new double[k];
        var alphas = new List<double>(resamples);
        var total = patterns.UnitCount;
        for (var b = 0; b < resamples; b++)
        {
            long remaining = total;
            long massLeft = total;
            for (var i = 0; i < p; i++)
            {
                var w = patterns.Multiplicity[i];
                long draw = i == p - 1 ? remaining : rng.Binomial(remaining, (double)w / massLeft);
                weights[i] = draw;
                remaining -= draw;
                massLeft -= w;
            }
            Array.Clear(marginals);
            long n = 0;
            for (var i = 0; i < p; i++)
            {
                if (weights[i] == 0)
                {
                    continue;
                }
                var row = patterns.Row(i);
                for (var c = 0; c < k; c++)
                {
                    marginals[c] += weights[i] * row[c];
                }
                n += weights[i] * patterns.Total[i];
            }
            var delta = fixedDelta ?? DistanceMatrix(MeasurementLevel.Ordinal, values, marginals);
            var observed = 0.0;
            for (var i = 0; i < p; i++)
            {
                if (weights[i] != 0)
                {
                    observed += weights[i] * (fixedContribution is null ? patterns.Contribution(i, delta) : fixedContribution[i]);
                }
            }
            var expected = ExpectedSum(marginals, delta);
            if (expected > 0 && n > 1)
            {
                alphas.Add(1 - (n - 1) * observed / expected);
            }
        }
        if (alphas.Count == 0)
        {
            return new AlphaInterval(double.NaN, double.NaN, confidence, 0);
        }
        alphas.Sort();
        var tail = (1 - confidence) / 2;
        return new AlphaInterval(Quantile(alphas, tail), Quantile(alphas, 1 - tail), confidence, alphas.Count);
    }

    internal static double Quantile(List<double> sorted, double q)
    {
        var h = (sorted.Count - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    private static double[] ResolveValues(ReadOnlySpan<double> values, int k)
    {
        if (values.IsEmpty)
        {
            var v = new double[k];
            for (var i = 0; i < k; i++)
            {
                v[i] = i;
            }
            return v;
        }
        if (values.Length != k)
        {
            throw new ArgumentException($"Expected {k} category values, got {values.Length}.", nameof(values));
        }
        return values.ToArray();
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static (long N, int Units) Marginals(CountTable table, double[] marginals)
    {
        var counts = table.CountsArray;
        var totals = table.TotalsArray;
        var k = table.ClassCount;
        long n = 0;
        var units = 0;
        for (var i = 0; i < totals.Length; i++)
        {
            if (totals[i] < 2)
            {
                continue;
            }
            units++;
            n += totals[i];
            var row = counts.AsSpan(i * k, k);
            for (var c = 0; c < k; c++)
            {
                marginals[c] += row[c];
            }
        }
        return (n, units);
    }

    private static AlphaResult Finish(CountTable table, double[] delta, double[] marginals, long n, int units)
    {
        if (units == 0)
        {
            return new AlphaResult(double.NaN, double.NaN, double.NaN, 0, 0);
        }
        var observed = ObservedSum(table, delta);
        var expected = ExpectedSum(marginals, delta);
        var dO = observed / n;
        var dE = expected / ((double)n * (n - 1));
        var alpha = expected > 0 ? 1 - (n - 1) * observed / expected : double.NaN;
        return new AlphaResult(alpha, dO, dE, units, n);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static double ObservedSum(CountTable table, double[] delta)
    {
        var counts = table.CountsArray;
        var totals = table.TotalsArray;
        var k = table.ClassCount;
        var nz = k <= 256 ? stackalloc int[k] : new int[k];
        var sum = 0.0;
        for (var i = 0; i < totals.Length; i++)
        {
            var m = totals[i];
            if (m < 2)
            {
                continue;
            }
            var row = counts.AsSpan(i * k, k);
            var z = 0;
            for (var c = 0; c < k; c++)
            {
                if (row[c] != 0)
                {
                    nz[z++] = c;
                }
            }
            if (z < 2)
            {
                continue;
            }
            var unit = 0.0;
            for (var a = 0; a < z; a++)
            {
                var c = nz[a];
                for (var b = a + 1; b < z; b++)
                {
                    var e = nz[b];
                    unit += (double)row[c] * row[e] * (delta[c * k + e] + delta[e * k + c]);
                }
            }
            sum += unit / (m - 1);
        }
        return sum;
    }

    internal static double ExpectedSum(ReadOnlySpan<double> marginals, ReadOnlySpan<double> delta)
    {
        var k = marginals.Length;
        var s = 0.0;
        for (var c = 0; c < k; c++)
        {
            if (marginals[c] == 0)
            {
                continue;
            }
            for (var e = 0; e < k; e++)
            {
                s += marginals[c] * marginals[e] * delta[c * k + e];
            }
        }
        return s;
    }

    private static void OrdinalDistance(ReadOnlySpan<double> values, ReadOnlySpan<double> marginals, double[] d)
    {
        var k = values.Length;
        var order = new int[k];
        for (var i = 0; i < k; i++)
        {
            order[i] = i;
        }
        var v = values.ToArray();
        Array.Sort(order, (a, b) => v[a] != v[b] ? v[a].CompareTo(v[b]) : a.CompareTo(b));
        // prefix[r] = Σ of marginals of the categories ranked before r.
        var prefix = new double[k + 1];
        for (var r = 0; r < k; r++)
        {
            prefix[r + 1] = prefix[r] + (marginals.IsEmpty ? 0 : marginals[order[r]]);
        }
        for (var r = 0; r < k; r++)
        {
            for (var s = r; s < k; s++)
            {
                var c = order[r];
                var e = order[s];
                var x = r == s ? 0 : prefix[s + 1] - prefix[r] - (marginals[c] + marginals[e]) / 2;
                d[c * k + e] = x * x;
                d[e * k + c] = x * x;
            }
        }
    }

    /// <summary>The distinct count rows of the pairable units, with multiplicities.</summary>
    private sealed class Patterns
    {
        private readonly int _k;
        private readonly List<int> _rows = [];

        private Patterns(int k) => _k = k;

        public List<long> Multiplicity { get; } = [];
        public List<int> Total { get; } = [];
        public long UnitCount { get; private set; }
        public int Count => Multiplicity.Count;

        public ReadOnlySpan<int> Row(int p) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_rows).Slice(p * _k, _k);

        public double Contribution(int p, double[] delta)
        {
            var row = Row(p);
            var s = 0.0;
            for (var c = 0; c < _k; c++)
            {
                if (row[c] == 0)
                {
                    continue;
                }
                for (var e = c + 1; e < _k; e++)
                {
                    if (row[e] != 0)
                    {
                        s += (double)row[c] * row[e] * (delta[c * _k + e] + delta[e * _k + c]);
                    }
                }
            }
            return s / (Total[p] - 1);
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public static Patterns Collect(CountTable table)
        {
            var k = table.ClassCount;
            var result = new Patterns(k);
            var counts = table.CountsArray;
            var totals = table.TotalsArray;
            var index = new Dictionary<ulong, int>();
            for (var i = 0; i < totals.Length; i++)
            {
                if (totals[i] < 2)
                {
                    continue;
                }
                result.UnitCount++;
                var row = counts.AsSpan(i * k, k);
                var h = Hash(row);
                if (index.TryGetValue(h, out var p) && result.Row(p).SequenceEqual(row))
                {
                    result.Multiplicity[p]++;
                    continue;
                }
                // A new pattern (or, with vanishing probability, a 64-bit hash collision: then it stays unpooled).
                p = result.Count;
                index.TryAdd(h, p);
                result._rows.AddRange(row);
                result.Multiplicity.Add(1);
                result.Total.Add(totals[i]);
            }
            return result;
        }

        private static ulong Hash(ReadOnlySpan<int> row)
        {
            var h = 0xCBF29CE484222325UL;
            foreach (var x in row)
            {
                h = (h ^ (uint)x) * 0x100000001B3UL;
                h ^= h >> 29;
            }
            return h;
        }
    }
}
