namespace LabelStudio.Consensus;

/// <summary>Agreement on a numeric rating question.</summary>
/// <param name="Alpha">Krippendorff's alpha at the requested level over the distinct values.</param>
/// <param name="Values">The distinct rated values, ascending (the categories of the alpha).</param>
/// <param name="Consensus">Median per item (NaN without ratings).</param>
public sealed record NumericRatingResult(AlphaResult Alpha, double[] Values, double[] Consensus);

/// <summary>
/// Rating (stars, scales, numbers) agreement: ordinal, interval or ratio alpha, consensus = median. For ordinal data
/// the median is the lower middle value (always a rated value); for interval and ratio data with an even number of
/// ratings it is the mean of the two middle values.
/// </summary>
public static class NumericRatingAgreement
{
    /// <summary>Computes alpha and the per-item medians.</summary>
    public static NumericRatingResult Compute(ReadOnlySpan<int> items, ReadOnlySpan<double> values, int itemCount, MeasurementLevel level = MeasurementLevel.Interval)
    {
        if (items.Length != values.Length)
        {
            throw new ArgumentException("items and values must have the same length.");
        }
        foreach (var x in values)
        {
            if (!double.IsFinite(x))
            {
                throw new ArgumentException("Values must be finite numbers.", nameof(values));
            }
        }
        var distinct = values.ToArray();
        Array.Sort(distinct);
        var w = 0;
        for (var j = 0; j < distinct.Length; j++)
        {
            if (w == 0 || distinct[j] != distinct[w - 1])
            {
                distinct[w++] = distinct[j];
            }
        }
        Array.Resize(ref distinct, Math.Max(w, 1));
        var k = distinct.Length;
        var counts = new int[(long)itemCount * k];
        var byItem = new List<double>[itemCount];
        for (var j = 0; j < items.Length; j++)
        {
            var c = Array.BinarySearch(distinct, 0, w, values[j]);
            counts[(long)items[j] * k + c]++;
            (byItem[items[j]] ??= []).Add(values[j]);
        }
        var alpha = KrippendorffAlpha.Compute(new CountTable(counts, itemCount, k), level, distinct);
        var medians = new double[itemCount];
        for (var i = 0; i < itemCount; i++)
        {
            medians[i] = byItem[i] is { } list
                ? Median(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list), level == MeasurementLevel.Ordinal)
                : double.NaN;
        }
        return new NumericRatingResult(alpha, distinct, medians);
    }

    /// <summary>The median; <paramref name="lowerMedian"/> picks the lower middle value for even counts. NaN when empty.</summary>
    public static double Median(ReadOnlySpan<double> values, bool lowerMedian = false)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var mid = sorted.Length / 2;
        if (sorted.Length % 2 == 1)
        {
            return sorted[mid];
        }
        return lowerMedian ? sorted[mid - 1] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
