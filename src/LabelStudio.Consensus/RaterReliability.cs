namespace LabelStudio.Consensus;

/// <summary>
/// When a rater is flagged as a spammer: at least <see cref="MinRatings"/> ratings and a spammer score (see
/// <see cref="DawidSkeneModel.SpammerScore"/>) below <see cref="MaxScore"/>. The score is 0 both for uniform-random
/// and for constant answers, because in both cases the answer carries no information about the true class.
/// </summary>
public sealed record SpammerRule
{
    /// <summary>The defaults: 20 ratings, score below 0.2.</summary>
    public static SpammerRule Default { get; } = new();

    /// <summary>Fewer ratings than this are never flagged (too little evidence).</summary>
    public int MinRatings { get; init; } = 20;

    /// <summary>Flag when the score is below this. 0.2 is about chance level plus a margin: for 5 symmetric classes it
    /// flags accuracy below 36 %, for 2 classes accuracy below 60 %.</summary>
    public double MaxScore { get; init; } = 0.2;
}

/// <summary>Reliability of one rater.</summary>
/// <param name="Rater">Rater index.</param>
/// <param name="Ratings">Number of ratings.</param>
/// <param name="LeaveOneOutAgreement">Mean agreement with the majority of the other ratings of the same item: 1 when
/// the rater's label is the unique top label of the others, 1/t when it is one of t tied top labels, else 0. Ratings
/// on items nobody else rated are skipped; NaN when none is left.</param>
/// <param name="DawidSkeneAccuracy">Σ_k π_k θ_r[k, k] (NaN without a model).</param>
/// <param name="MeanPairwiseKappa">Overlap-weighted mean of the rater's defined pairwise kappas (NaN if none).</param>
/// <param name="GoldAccuracy">Share of the rater's ratings on gold items that equal the gold class (NaN if none).</param>
/// <param name="GoldRatings">Number of ratings on gold items.</param>
/// <param name="SpammerScore">0 = answers independent of the truth, 1 = perfect.</param>
/// <param name="IsSpammer">The <see cref="SpammerRule"/> verdict.</param>
public sealed record RaterStatistics(int Rater, int Ratings, double LeaveOneOutAgreement, double DawidSkeneAccuracy, double MeanPairwiseKappa,
    double GoldAccuracy, int GoldRatings, double SpammerScore, bool IsSpammer);

/// <summary>Per-rater reliability measures.</summary>
public static class RaterReliability
{
    /// <summary>
    /// Computes every rater's statistics. The spammer score comes from the Dawid–Skene confusion matrix when a model is
    /// given; otherwise from the empirical confusion matrix of the rater's labels against the leave-one-out majority
    /// label (items where that majority is tied are skipped), weighted by the majority-label shares.
    /// </summary>
    /// <param name="matrix">Ratings grouped by item.</param>
    /// <param name="model">A fitted Dawid–Skene model for the same raters, or null.</param>
    /// <param name="pairs">Pairwise kappas (from <see cref="PairwiseKappa.Compute"/>), or null.</param>
    /// <param name="gold">Gold class per item (-1 where unknown), or empty.</param>
    /// <param name="rule">Spammer rule (default <see cref="SpammerRule.Default"/>).</param>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static RaterStatistics[] Compute(RatingMatrix matrix, DawidSkeneModel? model = null, IReadOnlyList<RaterPairAgreement>? pairs = null,
        ReadOnlySpan<int> gold = default, SpammerRule? rule = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        rule ??= SpammerRule.Default;
        var r = matrix.RaterCount;
        var k = matrix.ClassCount;
        var start = matrix.ItemStartArray;
        var raters = matrix.RatersArray;
        var labels = matrix.LabelsArray;
        var counts = matrix.Counts.CountsArray;
        var ratings = new int[r];
        var looSum = new double[r];
        var looN = new int[r];
        var goldHit = new int[r];
        var goldN = new int[r];
        var empirical = model is null ? new double[(long)r * k * k] : null;
        var empiricalPrior = model is null ? new double[k] : null;
        Span<int> other = k <= 256 ? stackalloc int[k] : new int[k];
        for (var i = 0; i < matrix.ItemCount; i++)
        {
            var row = counts.AsSpan(i * k, k);
            var g = gold.IsEmpty ? -1 : gold[i];
            for (var j = start[i]; j < start[i + 1]; j++)
            {
                var q = raters[j];
                var l = labels[j];
                ratings[q]++;
                if (g >= 0)
                {
                    goldN[q]++;
                    if (g == l)
                    {
                        goldHit[q]++;
                    }
                }
                row.CopyTo(other);
                other[l]--;
                var top = 0;
                var tied = 0;
                var topClass = -1;
                for (var c = 0; c < k; c++)
                {
                    if (other[c] > top)
                    {
                        top = other[c];
                        tied = 1;
                        topClass = c;
                    }
                    else if (other[c] == top && top > 0)
                    {
                        tied++;
                    }
                }
                if (top == 0)
                {
                    continue;
                }
                looN[q]++;
                if (other[l] == top)
                {
                    looSum[q] += 1.0 / tied;
                }
                if (empirical is not null && tied == 1)
                {
                    empirical[(q * k + topClass) * k + l]++;
                    empiricalPrior![topClass]++;
                }
            }
        }
        var kappaSum = new double[r];
        var kappaWeight = new double[r];
        if (pairs is not null)
        {
            foreach (var p in pairs)
            {
                if (double.IsNaN(p.Kappa))
                {
                    continue;
                }
                kappaSum[p.RaterA] += p.Kappa * p.Overlap;
                kappaWeight[p.RaterA] += p.Overlap;
                kappaSum[p.RaterB] += p.Kappa * p.Overlap;
                kappaWeight[p.RaterB] += p.Overlap;
            }
        }
        if (empiricalPrior is not null)
        {
            var s = empiricalPrior.Sum();
            for (var c = 0; c < k; c++)
            {
                empiricalPrior[c] = s == 0 ? 1.0 / k : empiricalPrior[c] / s;
            }
        }
        var result = new RaterStatistics[r];
        var rowBuffer = new double[k * k];
        for (var q = 0; q < r; q++)
        {
            double score;
            if (model is not null && q < model.RaterCount)
            {
                score = model.SpammerScore(q);
            }
            else if (empirical is not null)
            {
                var block = empirical.AsSpan(q * k * k, k * k);
                for (var c = 0; c < k; c++)
                {
                    var s = 0.0;
                    for (var l = 0; l < k; l++)
                    {
                        s += block[c * k + l];
                    }
                    for (var l = 0; l < k; l++)
                    {
                        rowBuffer[c * k + l] = s == 0 ? double.NaN : block[c * k + l] / s;
                    }
                }
                score = SpammerScore(rowBuffer, empiricalPrior!);
            }
            else
            {
                score = double.NaN;
            }
            var accuracy = model is not null && q < model.RaterCount ? model.Accuracy(q) : double.NaN;
            result[q] = new RaterStatistics(q, ratings[q],
                looN[q] == 0 ? double.NaN : looSum[q] / looN[q],
                accuracy,
                kappaWeight[q] == 0 ? double.NaN : kappaSum[q] / kappaWeight[q],
                goldN[q] == 0 ? double.NaN : (double)goldHit[q] / goldN[q],
                goldN[q],
                score,
                ratings[q] >= rule.MinRatings && score < rule.MaxScore);
        }
        return result;
    }

    /// <summary>
    /// Weighted mean total-variation distance between the rows of a K × K row-stochastic matrix, with weights
    /// w_c·w_c' (rows that are NaN, i.e. unseen classes, are skipped). NaN when fewer than two rows count.
    /// </summary>
    public static double SpammerScore(ReadOnlySpan<double> confusion, ReadOnlySpan<double> classWeights)
    {
        var k = classWeights.Length;
        if (confusion.Length != k * k)
        {
            throw new ArgumentException("confusion must be K × K.");
        }
        double num = 0, den = 0;
        for (var c = 0; c < k; c++)
        {
            if (double.IsNaN(confusion[c * k]))
            {
                continue;
            }
            for (var e = c + 1; e < k; e++)
            {
                if (double.IsNaN(confusion[e * k]))
                {
                    continue;
                }
                var w = classWeights[c] * classWeights[e];
                if (w <= 0)
                {
                    continue;
                }
                var tv = 0.0;
                for (var l = 0; l < k; l++)
                {
                    tv += Math.Abs(confusion[c * k + l] - confusion[e * k + l]);
                }
                num += w * tv / 2;
                den += w;
            }
        }
        return den == 0 ? double.NaN : num / den;
    }
}
