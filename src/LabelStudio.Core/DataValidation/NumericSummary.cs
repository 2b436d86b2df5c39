using System.Text.Json.Serialization;

namespace LabelStudio.Core.DataValidation;

/// <summary>
/// Count, extremes, mean and standard deviation (Welford's update, merged with Chan et al.'s formula, so the merge of
/// two summaries equals the summary of the whole up to rounding), plus a <see cref="QuantileSketch"/> for the
/// quantiles and the 10-bucket equal-width histogram. Constant memory.
/// </summary>
public sealed class NumericSummary
{
    /// <summary>Buckets of the equal-width histogram (TFDV's num_histogram_buckets).</summary>
    public const int HistogramBuckets = 10;

    /// <summary>How many values were added.</summary>
    [JsonInclude]
    [JsonPropertyName("count")]
    public long Count { get; private set; }

    /// <summary>The smallest value (null when empty).</summary>
    [JsonInclude]
    [JsonPropertyName("min")]
    public double? Min { get; private set; }

    /// <summary>The largest value (null when empty).</summary>
    [JsonInclude]
    [JsonPropertyName("max")]
    public double? Max { get; private set; }

    /// <summary>The mean (0 when empty).</summary>
    [JsonInclude]
    [JsonPropertyName("mean")]
    public double Mean { get; private set; }

    /// <summary>The sum of squared deviations from the mean (Welford's M2; serialised state).</summary>
    [JsonInclude]
    [JsonPropertyName("m2")]
    public double M2 { get; private set; }

    /// <summary>The quantile sketch (serialised state).</summary>
    [JsonPropertyName("sketch")]
    [JsonInclude]
    public QuantileSketch Sketch { get; private set; } = new();

    /// <summary>The population standard deviation.</summary>
    [JsonPropertyName("stdDev")]
    public double StdDev => Count > 0 ? Math.Sqrt(M2 / Count) : 0;

    /// <summary>The deciles 0, 0.1, …, 1 (from the sketch, within 1 %; 0 and 1 are the exact extremes).</summary>
    [JsonPropertyName("quantiles")]
    public IReadOnlyList<QuantileValue> Quantiles => Count == 0 ? [] :
        Enumerable.Range(0, 11).Select(i => new QuantileValue(i / 10.0, i switch
        {
            0 => Min!.Value,
            10 => Max!.Value,
            _ => Math.Clamp(Sketch.Quantile(i / 10.0), Min!.Value, Max!.Value),
        })).ToList();

    /// <summary>The median (from the sketch).</summary>
    [JsonPropertyName("median")]
    public double? Median => Count == 0 ? null : Math.Clamp(Sketch.Quantile(0.5), Min!.Value, Max!.Value);

    /// <summary>The 10-bucket equal-width histogram over [min, max] (TFDV's STANDARD histogram).</summary>
    [JsonPropertyName("histogram")]
    public IReadOnlyList<HistogramBucket> Histogram =>
        Count == 0 ? [] : Sketch.Histogram(Min!.Value, Max!.Value, HistogramBuckets);

    /// <summary>Adds a finite value.</summary>
    public void Add(double value)
    {
        Sketch.Add(value);
        Count++;
        var delta = value - Mean;
        Mean += delta / Count;
        M2 += delta * (value - Mean);
        Min = Min is { } min ? Math.Min(min, value) : value;
        Max = Max is { } max ? Math.Max(max, value) : value;
    }

    /// <summary>Adds the values of <paramref name="other"/> (Chan et al.'s parallel variance).</summary>
    public void Merge(NumericSummary other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0) return;
        Sketch.Merge(other.Sketch);
        if (Count == 0)
        {
            (Count, Min, Max, Mean, M2) = (other.Count, other.Min, other.Max, other.Mean, other.M2);
            return;
        }
        var count = Count + other.Count;
        var delta = other.Mean - Mean;
        M2 = M2 + other.M2 + delta * delta * Count * other.Count / count;
        Mean += delta * other.Count / count;
        Min = Math.Min(Min!.Value, other.Min!.Value);
        Max = Math.Max(Max!.Value, other.Max!.Value);
        Count = count;
    }
}
