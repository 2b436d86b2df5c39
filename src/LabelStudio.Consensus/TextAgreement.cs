namespace LabelStudio.Consensus;

/// <summary>Consensus of free-text answers.</summary>
/// <param name="MedoidIndex">Index of the medoid answer (-1 when there is none).</param>
/// <param name="Medoid">The answer with the highest total similarity to the others (the first one among ties).</param>
/// <param name="MeanPairwiseSimilarity">Mean similarity over all pairs (NaN with fewer than two answers).</param>
public sealed record TextConsensus(int MedoidIndex, string? Medoid, double MeanPairwiseSimilarity);

/// <summary>
/// TextArea agreement: normalised edit similarity 1 − Levenshtein(a, b) / max(|a|, |b|) over UTF-16 code units
/// (1 for two empty strings), compared exactly as given (no trimming or case folding).
/// </summary>
public static class TextAgreement
{
    /// <summary>Levenshtein distance (insert, delete, substitute each cost 1), O(|a|·|b|) time, O(|b|) memory.</summary>
    public static int Levenshtein(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length < b.Length)
        {
            var swap = a;
            a = b;
            b = swap;
        }
        if (b.IsEmpty)
        {
            return a.Length;
        }
        var row = b.Length < 512 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            row[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                row[j] = Math.Min(Math.Min(above + 1, row[j - 1] + 1), diagonal + cost);
                diagonal = above;
            }
        }
        return row[b.Length];
    }

    /// <summary>Normalised edit similarity in [0, 1].</summary>
    public static double Similarity(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var max = Math.Max(a.Length, b.Length);
        return max == 0 ? 1 : 1 - (double)Levenshtein(a, b) / max;
    }

    /// <summary>Medoid and mean pairwise similarity of one item's answers.</summary>
    public static TextConsensus Analyze(IReadOnlyList<string> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var n = answers.Count;
        if (n == 0)
        {
            return new TextConsensus(-1, null, double.NaN);
        }
        var totals = new double[n];
        var sum = 0.0;
        for (var a = 0; a < n; a++)
        {
            for (var b = a + 1; b < n; b++)
            {
                var s = Similarity(answers[a], answers[b]);
                totals[a] += s;
                totals[b] += s;
                sum += s;
            }
        }
        var best = 0;
        for (var a = 1; a < n; a++)
        {
            if (totals[a] > totals[best])
            {
                best = a;
            }
        }
        return new TextConsensus(best, answers[best], n < 2 ? double.NaN : sum / (n * (n - 1) / 2.0));
    }
}
