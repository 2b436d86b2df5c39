namespace LabelStudio.Consensus;

/// <summary>Distance between two answer sets of a multiple-choice question.</summary>
public enum SetDistance
{
    /// <summary>MASI (Passonneau 2006): 1 − J·M, J = Jaccard, M = 1 equal, 2/3 subset, 1/3 overlap, 0 disjoint.</summary>
    Masi,

    /// <summary>Jaccard distance 1 − |A ∩ B| / |A ∪ B|.</summary>
    Jaccard,
}

/// <summary>Binary agreement on one choice (selected or not).</summary>
/// <param name="Choice">Choice index.</param>
/// <param name="Alpha">Nominal alpha of the selected/not-selected labels.</param>
/// <param name="PercentAgreement">Mean pairwise agreement on selected/not-selected.</param>
/// <param name="Selected">How many ratings selected the choice.</param>
public sealed record ChoiceAgreement(int Choice, double Alpha, double PercentAgreement, int Selected);

/// <summary>Agreement on a multiple-choice question.</summary>
/// <param name="Alpha">Krippendorff's alpha over answer sets with the chosen set distance.</param>
/// <param name="PerChoice">One binary agreement per choice.</param>
/// <param name="Consensus">Per item, the choices selected by more than half of its ratings (bit i = choice i).</param>
public sealed record MultiChoiceResult(AlphaResult Alpha, IReadOnlyList<ChoiceAgreement> PerChoice, ulong[] Consensus);

/// <summary>
/// Multiple-choice (Choices with choice="multiple") agreement. Each rating is a set of up to 64 choices given as a
/// bit mask (bit i = choice i). Two empty sets have distance 0; an empty and a non-empty set have distance 1.
/// </summary>
public static class MultiChoiceAgreement
{
    /// <summary>Distance between two answer sets.</summary>
    public static double Distance(ulong a, ulong b, SetDistance distance = SetDistance.Masi)
    {
        if (a == b)
        {
            return 0;
        }
        var union = System.Numerics.BitOperations.PopCount(a | b);
        var inter = System.Numerics.BitOperations.PopCount(a & b);
        var jaccard = (double)inter / union;
        if (distance == SetDistance.Jaccard)
        {
            return 1 - jaccard;
        }
        double m = (a & b) == a || (a & b) == b ? 2.0 / 3 : inter > 0 ? 1.0 / 3 : 0;
        return 1 - jaccard * m;
    }

    /// <summary>Computes set alpha, per-choice binary agreement and the per-item consensus sets.</summary>
    /// <param name="items">Item index of each rating.</param>
    /// <param name="choices">Answer set of each rating.</param>
    /// <param name="itemCount">Number of items.</param>
    /// <param name="choiceCount">Number of choices (≤ 64).</param>
    /// <param name="distance">Set distance used by alpha (used as δ², as NLTK and Argilla do).</param>
    public static MultiChoiceResult Compute(ReadOnlySpan<int> items, ReadOnlySpan<ulong> choices, int itemCount, int choiceCount, SetDistance distance = SetDistance.Masi)
    {
        if (items.Length != choices.Length)
        {
            throw new ArgumentException("items and choices must have the same length.");
        }
        if (choiceCount is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(choiceCount));
        }
        var setIndex = new Dictionary<ulong, int>();
        var sets = new List<ulong>();
        var setOf = new int[items.Length];
        for (var j = 0; j < items.Length; j++)
        {
            if (!setIndex.TryGetValue(choices[j], out var s))
            {
                s = sets.Count;
                setIndex.Add(choices[j], s);
                sets.Add(choices[j]);
            }
            setOf[j] = s;
        }
        var v = Math.Max(1, sets.Count);
        var counts = new int[(long)itemCount * v];
        var perChoice = new int[choiceCount][];
        for (var c = 0; c < choiceCount; c++)
        {
            perChoice[c] = new int[itemCount * 2];
        }
        var ratingsPerItem = new int[itemCount];
        var selectedPerItem = new int[itemCount * choiceCount];
        var selected = new int[choiceCount];
        for (var j = 0; j < items.Length; j++)
        {
            var i = items[j];
            counts[(long)i * v + setOf[j]]++;
            ratingsPerItem[i]++;
            for (var c = 0; c < choiceCount; c++)
            {
                var on = (choices[j] >> c & 1) != 0;
                perChoice[c][i * 2 + (on ? 1 : 0)]++;
                if (on)
                {
                    selectedPerItem[i * choiceCount + c]++;
                    selected[c]++;
                }
            }
        }
        var delta = new double[v * v];
        for (var a = 0; a < sets.Count; a++)
        {
            for (var b = 0; b < sets.Count; b++)
            {
                delta[a * v + b] = Distance(sets[a], sets[b], distance);
            }
        }
        var alpha = KrippendorffAlpha.Compute(new CountTable(counts, itemCount, v), delta);
        var agreements = new ChoiceAgreement[choiceCount];
        for (var c = 0; c < choiceCount; c++)
        {
            var table = new CountTable(perChoice[c], itemCount, 2);
            agreements[c] = new ChoiceAgreement(c, KrippendorffAlpha.Compute(table, MeasurementLevel.Nominal).Alpha,
                MultiRaterAgreement.PercentAgreement(table), selected[c]);
        }
        var consensus = new ulong[itemCount];
        for (var i = 0; i < itemCount; i++)
        {
            for (var c = 0; c < choiceCount; c++)
            {
                if (2 * selectedPerItem[i * choiceCount + c] > ratingsPerItem[i])
                {
                    consensus[i] |= 1UL << c;
                }
            }
        }
        return new MultiChoiceResult(alpha, agreements, consensus);
    }
}
