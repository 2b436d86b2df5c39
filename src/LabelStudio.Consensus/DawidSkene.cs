using System.Runtime.Intrinsics;

namespace LabelStudio.Consensus;

/// <summary>Settings of the Dawid–Skene EM.</summary>
public sealed record DawidSkeneOptions
{
    /// <summary>The defaults: 100 iterations, tolerance 1e-7, smoothing 0.01, full confusion matrices.</summary>
    public static DawidSkeneOptions Default { get; } = new();

    /// <summary>Iteration cap (each iteration is one M-step then one E-step).</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>Stop when |ΔlogL| ≤ Tolerance · |logL|.</summary>
    public double Tolerance { get; init; } = 1e-7;

    /// <summary>Additive (Laplace) pseudo-count added to every confusion cell and class prior in the M-step.</summary>
    public double Smoothing { get; init; } = 0.01;

    /// <summary>One-coin variant: each rater has one accuracy; errors are spread evenly over the other classes.</summary>
    public bool OneCoin { get; init; }

    /// <summary>
    /// Strength of the Dirichlet prior on each row of a rater's confusion matrix, in pseudo-ratings (0 = none, the
    /// classic maximum-likelihood EM of the 1979 paper). The prior says "right with probability
    /// <see cref="PriorAccuracy"/>, errors spread evenly"; the M-step then gives the MAP estimate. A rater with a
    /// handful of ratings stays near the prior instead of looking infallible (on a dozen tasks, three raters who split
    /// 1-1-1 no longer yield a posterior near 1); with thousands of ratings the prior is negligible.
    /// </summary>
    public double PriorStrength { get; init; } = 8;

    /// <summary>The accuracy the confusion prior assumes (above chance, below perfect).</summary>
    public double PriorAccuracy { get; init; } = 0.7;

    /// <summary>Pseudo-items per class in the Dirichlet prior on the class priors (0 = none).</summary>
    public double ClassPriorStrength { get; init; } = 1;

    /// <summary>The maximum-likelihood EM without priors, as in Dawid and Skene (1979): for reproducing published values.</summary>
    public static DawidSkeneOptions Classic { get; } = new() { PriorStrength = 0, ClassPriorStrength = 0 };
}

/// <summary>
/// A fitted Dawid–Skene model: class priors π_k and per-rater confusion matrices θ_r[k, l] = P(rater r says l | true
/// class k). It can be stored after a project-level recompute and reloaded with the constructor to score single tasks.
/// Raters with an index outside 0..RaterCount−1 (new raters) are scored with the pooled matrix, the mean of all raters'.
/// </summary>
public sealed class DawidSkeneModel
{
    private readonly double[] _priors;
    private readonly double[] _confusion;
    private readonly double[] _logPriors;
    private readonly double[] _logConfusionT;

    /// <summary>Creates a model from priors (length K) and confusion matrices (R × K × K, [rater][true][observed]).</summary>
    public DawidSkeneModel(double[] priors, double[] confusion, int raterCount, double logLikelihood = double.NaN, int iterations = 0, bool converged = false)
    {
        ArgumentNullException.ThrowIfNull(priors);
        ArgumentNullException.ThrowIfNull(confusion);
        var k = priors.Length;
        if (k < 1 || raterCount < 0 || confusion.LongLength != (long)raterCount * k * k)
        {
            throw new ArgumentException("confusion must hold raterCount × K × K values.");
        }
        _priors = priors;
        _confusion = confusion;
        ClassCount = k;
        RaterCount = raterCount;
        LogLikelihood = logLikelihood;
        Iterations = iterations;
        Converged = converged;
        _logPriors = new double[k];
        for (var c = 0; c < k; c++)
        {
            _logPriors[c] = SafeLog(priors[c]);
        }
        // Transposed log table [rater][observed][true] so one rating adds a contiguous row; the pooled rater is last.
        _logConfusionT = new double[(long)(raterCount + 1) * k * k];
        var pooled = _logConfusionT.AsSpan(raterCount * k * k, k * k);
        for (var r = 0; r < raterCount; r++)
        {
            for (var t = 0; t < k; t++)
            {
                for (var l = 0; l < k; l++)
                {
                    var p = confusion[(r * k + t) * k + l];
                    _logConfusionT[(r * k + l) * k + t] = SafeLog(p);
                    pooled[l * k + t] += p / raterCount;
                }
            }
        }
        for (var i = 0; i < pooled.Length; i++)
        {
            pooled[i] = raterCount == 0 ? -Math.Log(k) : SafeLog(pooled[i]);
        }
    }

    /// <summary>Number of classes K.</summary>
    public int ClassCount { get; }

    /// <summary>Number of raters R.</summary>
    public int RaterCount { get; }

    /// <summary>Class priors π.</summary>
    public ReadOnlySpan<double> Priors => _priors;

    /// <summary>All confusion matrices, R × K × K.</summary>
    public ReadOnlySpan<double> ConfusionMatrices => _confusion;

    /// <summary>Log-likelihood of the data at the last E-step (NaN if unknown).</summary>
    public double LogLikelihood { get; }

    /// <summary>EM iterations run.</summary>
    public int Iterations { get; }

    /// <summary>Whether the tolerance was met before the cap.</summary>
    public bool Converged { get; }

    /// <summary>θ_r[trueClass, observed].</summary>
    public double Confusion(int rater, int trueClass, int observed) => _confusion[(rater * ClassCount + trueClass) * ClassCount + observed];

    /// <summary>The K × K confusion matrix of a rater (rows = true class).</summary>
    public ReadOnlySpan<double> ConfusionMatrix(int rater) => _confusion.AsSpan(rater * ClassCount * ClassCount, ClassCount * ClassCount);

    /// <summary>Expected accuracy Σ_k π_k θ_r[k, k].</summary>
    public double Accuracy(int rater)
    {
        var s = 0.0;
        for (var k = 0; k < ClassCount; k++)
        {
            s += _priors[k] * Confusion(rater, k, k);
        }
        return s;
    }

    /// <summary>
    /// Spammer score in [0, 1]: the prior-weighted mean total-variation distance between the rows of the rater's
    /// confusion matrix, Σ_{c&lt;c'} π_c π_c' · ½ Σ_l |θ[c, l] − θ[c', l]| / Σ_{c&lt;c'} π_c π_c'. A spammer's answer does
    /// not depend on the true class, so all rows are equal and the score is 0, whether they answer at random or
    /// always give the same answer (Raykar &amp; Yu 2011); a perfect rater scores 1. For K symmetric classes and accuracy
    /// a the score is a − (1 − a)/(K − 1).
    /// </summary>
    public double SpammerScore(int rater) => RaterReliability.SpammerScore(ConfusionMatrix(rater), _priors);

    /// <summary>
    /// Posterior over classes of one task from its ratings (log-space), written to <paramref name="destination"/>
    /// (length K). Returns the MAP class (lowest index among ties).
    /// </summary>
    public int Posterior(ReadOnlySpan<int> raters, ReadOnlySpan<int> labels, Span<double> destination)
    {
        var k = ClassCount;
        if (raters.Length != labels.Length || destination.Length < k)
        {
            throw new ArgumentException("raters and labels must align and destination must hold K values.");
        }
        var t = destination[..k];
        _logPriors.CopyTo(t);
        for (var j = 0; j < raters.Length; j++)
        {
            var l = labels[j];
            if ((uint)l >= (uint)k)
            {
                throw new ArgumentOutOfRangeException(nameof(labels));
            }
            var row = LogRow(raters[j], l);
            for (var c = 0; c < k; c++)
            {
                t[c] += row[c];
            }
        }
        Normalize(t);
        return ItemStatistics.ArgMax(t);
    }

    internal ReadOnlySpan<double> LogRow(int rater, int label)
    {
        var r = (uint)rater < (uint)RaterCount ? rater : RaterCount;
        return _logConfusionT.AsSpan((r * ClassCount + label) * ClassCount, ClassCount);
    }

    internal ReadOnlySpan<double> LogPriors => _logPriors;

    internal double[] LogConfusionT => _logConfusionT;

    /// <summary>Turns log-weights into probabilities in place; returns log Σ exp.</summary>
    internal static double Normalize(Span<double> t)
    {
        var max = double.NegativeInfinity;
        foreach (var x in t)
        {
            if (x > max)
            {
                max = x;
            }
        }
        var sum = 0.0;
        for (var c = 0; c < t.Length; c++)
        {
            t[c] = Math.Exp(t[c] - max);
            sum += t[c];
        }
        for (var c = 0; c < t.Length; c++)
        {
            t[c] /= sum;
        }
        return max + Math.Log(sum);
    }

    internal static double SafeLog(double p) => Math.Log(Math.Max(p, 1e-300));
}

/// <summary>The output of <see cref="DawidSkene.Fit"/>: the model and per-item posteriors.</summary>
public sealed class DawidSkeneResult
{
    internal DawidSkeneResult(DawidSkeneModel model, double[] posteriors, int[] labels, double[] maxPosterior)
    {
        Model = model;
        Posteriors = posteriors;
        Labels = labels;
        MaxPosterior = maxPosterior;
    }

    /// <summary>The fitted model.</summary>
    public DawidSkeneModel Model { get; }

    /// <summary>Item × class posteriors T_ik (row-major). Gold items are one-hot on their gold class.</summary>
    public double[] Posteriors { get; }

    /// <summary>MAP class per item (lowest index among ties).</summary>
    public int[] Labels { get; }

    /// <summary>max_k T_ik per item.</summary>
    public double[] MaxPosterior { get; }

    /// <summary>Posterior of one item.</summary>
    public ReadOnlySpan<double> PosteriorOf(int item) => Posteriors.AsSpan(item * Model.ClassCount, Model.ClassCount);
}

/// <summary>
/// Dawid &amp; Skene (1979) EM for the true class of every item and each rater's confusion matrix, and its one-coin
/// variant. Initialisation: soft vote shares (T_ik = n_ik / n_i). Each iteration runs an M-step (priors and confusion
/// counts from T plus <see cref="DawidSkeneOptions.Smoothing"/>) and a log-space E-step. Gold items (known true
/// class) are clamped to a one-hot posterior throughout, so they anchor the confusion estimates. Items without
/// ratings get the prior. Deterministic: large inputs are split into a fixed number of chunks reduced in order.
/// </summary>
public static class DawidSkene
{
    private const int Chunks = 4;
    private const int ParallelThreshold = 50_000;

    /// <summary>Fits the model.</summary>
    /// <param name="matrix">Ratings grouped by item.</param>
    /// <param name="options">Settings (default <see cref="DawidSkeneOptions.Default"/>).</param>
    /// <param name="gold">Gold class per item, -1 where unknown; empty for none.</param>
    public static DawidSkeneResult Fit(RatingMatrix matrix, DawidSkeneOptions? options = null, ReadOnlySpan<int> gold = default)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        options ??= DawidSkeneOptions.Default;
        if (options.MaxIterations < 1 || options.Smoothing < 0 || options.Tolerance < 0 || options.PriorStrength < 0
            || options.ClassPriorStrength < 0 || options.PriorAccuracy is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options));
        }
        var n = matrix.ItemCount;
        var k = matrix.ClassCount;
        var r = matrix.RaterCount;
        if (!gold.IsEmpty && gold.Length != n)
        {
            throw new ArgumentException("gold must hold one entry per item.", nameof(gold));
        }
        var goldArray = gold.IsEmpty ? null : gold.ToArray();
        if (goldArray is not null && goldArray.Any(g => g >= k))
        {
            throw new ArgumentOutOfRangeException(nameof(gold));
        }
        var t = new double[(long)n * k];
        var counts = matrix.Counts.CountsArray;
        var totals = matrix.Counts.TotalsArray;
        for (var i = 0; i < n; i++)
        {
            var row = t.AsSpan(i * k, k);
            if (goldArray is not null && goldArray[i] >= 0)
            {
                row[goldArray[i]] = 1;
            }
            else if (totals[i] == 0)
            {
                row.Fill(1.0 / k);
            }
            else
            {
                for (var c = 0; c < k; c++)
                {
                    row[c] = (double)counts[i * k + c] / totals[i];
                }
            }
        }
        var chunks = n >= ParallelThreshold ? Chunks : 1;
        var ranges = new (int Start, int End)[chunks];
        for (var c = 0; c < chunks; c++)
        {
            ranges[c] = ((int)((long)n * c / chunks), (int)((long)n * (c + 1) / chunks));
        }
        var partialConfusion = new double[chunks][];
        var partialPriors = new double[chunks][];
        for (var c = 0; c < chunks; c++)
        {
            partialConfusion[c] = new double[(long)r * k * k];
            partialPriors[c] = new double[k];
        }
        var partialLl = new double[chunks];
        DawidSkeneModel model = null!;
        var ll = double.NaN;
        var iterations = 0;
        var converged = false;
        var rated = 0;
        foreach (var m in totals)
        {
            if (m > 0)
            {
                rated++;
            }
        }
        while (iterations < options.MaxIterations)
        {
            iterations++;
            RunChunks(chunks, c => MStepPartial(matrix, t, ranges[c], partialConfusion[c], partialPriors[c]));
            model = BuildModel(partialConfusion, partialPriors, matrix, options, rated, ll, iterations, false);
            var current = model;
            if (VectorEStep.Supported(k))
            {
                var padded = VectorEStep.PadLogTable(current, k);
                RunChunks(chunks, c => partialLl[c] = VectorEStep.Run(matrix, current, padded, t, ranges[c], goldArray));
            }
            else
            {
                RunChunks(chunks, c => partialLl[c] = EStepPartial(matrix, current, t, ranges[c], goldArray));
            }
            var newLl = 0.0;
            foreach (var x in partialLl)
            {
                newLl += x;
            }
            var previous = ll;
            ll = newLl;
            if (!double.IsNaN(previous) && Math.Abs(ll - previous) <= options.Tolerance * Math.Abs(ll))
            {
                converged = true;
                break;
            }
        }
        model = new DawidSkeneModel(model.Priors.ToArray(), model.ConfusionMatrices.ToArray(), r, ll, iterations, converged);
        var labels = new int[n];
        var maxPosterior = new double[n];
        for (var i = 0; i < n; i++)
        {
            var row = t.AsSpan(i * k, k);
            labels[i] = ItemStatistics.ArgMax(row);
            maxPosterior[i] = row[labels[i]];
        }
        return new DawidSkeneResult(model, t, labels, maxPosterior);
    }

    private static void RunChunks(int chunks, Action<int> body)
    {
        if (chunks == 1)
        {
            body(0);
        }
        else
        {
            Parallel.For(0, chunks, body);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void MStepPartial(RatingMatrix matrix, double[] t, (int Start, int End) range, double[] confusion, double[] priors)
    {
        var k = matrix.ClassCount;
        var start = matrix.ItemStartArray;
        var raters = matrix.RatersArray;
        var labels = matrix.LabelsArray;
        Array.Clear(confusion);
        Array.Clear(priors);
        for (var i = range.Start; i < range.End; i++)
        {
            if (start[i] == start[i + 1])
            {
                continue;
            }
            var row = t.AsSpan(i * k, k);
            for (var c = 0; c < k; c++)
            {
                priors[c] += row[c];
            }
            for (var j = start[i]; j < start[i + 1]; j++)
            {
                // Accumulated transposed ([rater][observed][true]) so the inner loop is contiguous.
                var target = confusion.AsSpan((raters[j] * k + labels[j]) * k, k);
                for (var c = 0; c < k; c++)
                {
                    target[c] += row[c];
                }
            }
        }
    }

    private static DawidSkeneModel BuildModel(double[][] partialConfusion, double[][] partialPriors, RatingMatrix matrix, DawidSkeneOptions options,
        int rated, double ll, int iterations, bool converged)
    {
        var k = matrix.ClassCount;
        var r = matrix.RaterCount;
        var eps = options.Smoothing;
        var sumT = partialConfusion[0].ToArray();
        var priors = partialPriors[0].ToArray();
        for (var c = 1; c < partialConfusion.Length; c++)
        {
            var p = partialConfusion[c];
            for (var x = 0; x < sumT.Length; x++)
            {
                sumT[x] += p[x];
            }
            for (var x = 0; x < k; x++)
            {
                priors[x] += partialPriors[c][x];
            }
        }
        var beta = options.ClassPriorStrength;
        for (var x = 0; x < k; x++)
        {
            priors[x] = (priors[x] + eps + beta) / (rated + k * (eps + beta));
        }
        // Dirichlet pseudo-counts of one confusion row: strength · accuracy on the diagonal, the rest spread evenly.
        var strength = k == 1 ? 0 : options.PriorStrength;
        var onDiagonal = strength * options.PriorAccuracy;
        var offDiagonal = k == 1 ? 0 : strength * (1 - options.PriorAccuracy) / (k - 1);
        var confusion = new double[(long)r * k * k];
        for (var q = 0; q < r; q++)
        {
            var block = sumT.AsSpan(q * k * k, k * k); // [observed][true]
            var target = confusion.AsSpan(q * k * k, k * k); // [true][observed]
            if (options.OneCoin)
            {
                double correct = 0, total = 0;
                for (var l = 0; l < k; l++)
                {
                    for (var c = 0; c < k; c++)
                    {
                        total += block[l * k + c];
                        if (l == c)
                        {
                            correct += block[l * k + c];
                        }
                    }
                }
                var acc = total + 2 * eps + strength == 0 ? 1.0 / k : (correct + eps + onDiagonal) / (total + 2 * eps + strength);
                for (var c = 0; c < k; c++)
                {
                    for (var l = 0; l < k; l++)
                    {
                        target[c * k + l] = k == 1 ? 1 : c == l ? acc : (1 - acc) / (k - 1);
                    }
                }
                continue;
            }
            for (var c = 0; c < k; c++)
            {
                var rowSum = 0.0;
                for (var l = 0; l < k; l++)
                {
                    rowSum += block[l * k + c];
                }
                var denominator = rowSum + k * eps + strength;
                for (var l = 0; l < k; l++)
                {
                    target[c * k + l] = denominator == 0 ? 1.0 / k : (block[l * k + c] + eps + (l == c ? onDiagonal : offDiagonal)) / denominator;
                }
            }
        }
        return new DawidSkeneModel(priors, confusion, r, ll, iterations, converged);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static double EStepPartial(RatingMatrix matrix, DawidSkeneModel model, double[] t, (int Start, int End) range, int[]? gold)
    {
        var k = matrix.ClassCount;
        var start = matrix.ItemStartArray;
        var raters = matrix.RatersArray;
        var labels = matrix.LabelsArray;
        var logT = model.LogConfusionT;
        var logPriors = model.LogPriors;
        var ll = 0.0;
        for (var i = range.Start; i < range.End; i++)
        {
            var row = t.AsSpan(i * k, k);
            logPriors.CopyTo(row);
            for (var j = start[i]; j < start[i + 1]; j++)
            {
                var src = logT.AsSpan((raters[j] * k + labels[j]) * k, k);
                for (var c = 0; c < k; c++)
                {
                    row[c] += src[c];
                }
            }
            if (gold is not null && gold[i] >= 0)
            {
                ll += row[gold[i]];
                row.Clear();
                row[gold[i]] = 1;
            }
            else
            {
                ll += DawidSkeneModel.Normalize(row);
            }
        }
        return ll;
    }
}

/// <summary>The E-step with 256-bit vectors for up to 8 classes: log rows padded to 4 or 8 lanes, vector exp.</summary>
internal static class VectorEStep
{
    public static bool Supported(int k) => System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated && k <= 8;

    public static double[] PadLogTable(DawidSkeneModel model, int k)
    {
        var stride = k <= 4 ? 4 : 8;
        var source = model.LogConfusionT;
        var rows = source.Length / k;
        var padded = new double[(rows + 1) * stride];
        for (var row = 0; row < rows; row++)
        {
            source.AsSpan(row * k, k).CopyTo(padded.AsSpan(row * stride, k));
        }
        // The last padded row holds the log priors.
        model.LogPriors.CopyTo(padded.AsSpan(rows * stride, k));
        return padded;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static double Run(RatingMatrix matrix, DawidSkeneModel model, double[] padded, double[] t, (int Start, int End) range, int[]? gold)
    {
        var k = matrix.ClassCount;
        var stride = k <= 4 ? 4 : 8;
        var start = matrix.ItemStartArray;
        var raters = matrix.RatersArray;
        var labels = matrix.LabelsArray;
        var priorRow = padded.Length / stride - 1;
        ref var table = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(padded);
        var p0 = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref table, (nuint)(priorRow * stride));
        var p1 = stride == 8 ? System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref table, (nuint)(priorRow * stride + 4)) : default;
        Span<double> buffer = stackalloc double[8];
        var ll = 0.0;
        for (var i = range.Start; i < range.End; i++)
        {
            var a0 = p0;
            var a1 = p1;
            var end = start[i + 1];
            for (var j = start[i]; j < end; j++)
            {
                var offset = (nuint)((raters[j] * k + labels[j]) * stride);
                a0 += System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref table, offset);
                if (stride == 8)
                {
                    a1 += System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref table, offset + 4);
                }
            }
            a0.StoreUnsafe(ref buffer[0]);
            if (stride == 8)
            {
                a1.StoreUnsafe(ref buffer[0], 4);
            }
            var row = t.AsSpan(i * k, k);
            if (gold is not null && gold[i] >= 0)
            {
                ll += buffer[gold[i]];
                row.Clear();
                row[gold[i]] = 1;
                continue;
            }
            var max = buffer[0];
            for (var c = 1; c < k; c++)
            {
                max = Math.Max(max, buffer[c]);
            }
            var m = System.Runtime.Intrinsics.Vector256.Create(max);
            System.Runtime.Intrinsics.Vector256.Exp(a0 - m).StoreUnsafe(ref buffer[0]);
            if (stride == 8)
            {
                System.Runtime.Intrinsics.Vector256.Exp(a1 - m).StoreUnsafe(ref buffer[0], 4);
            }
            var sum = 0.0;
            for (var c = 0; c < k; c++)
            {
                sum += buffer[c];
            }
            var inv = 1 / sum;
            for (var c = 0; c < k; c++)
            {
                row[c] = buffer[c] * inv;
            }
            ll += max + Math.Log(sum);
        }
        return ll;
    }
}
