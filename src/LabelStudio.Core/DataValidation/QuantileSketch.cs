using System.Text.Json.Serialization;

namespace LabelStudio.Core.DataValidation;

/// <summary>
/// A mergeable quantile sketch in constant memory: DDSketch (Masson, Rim and Lee, VLDB 2019) with relative accuracy
/// <see cref="RelativeAccuracy"/> = 0.01. Each value x ≠ 0 goes into the bucket i = ⌈log_γ |x|⌉ with
/// γ = (1 + α) / (1 − α), so any quantile it returns is within 1 % of the true value of that rank (TFDV's sketch
/// bounds the rank error by ε = 0.01 instead; a relative value bound suits text lengths and counts, which span orders
/// of magnitude). At most <see cref="MaxBuckets"/> buckets are kept per sign (γ^2048 covers 17 orders of magnitude);
/// beyond that the buckets nearest zero are collapsed into one, which only coarsens the smallest magnitudes.
/// Merging adds bucket counts, so the merge of two sketches is the sketch of the concatenated data.
/// </summary>
public sealed class QuantileSketch
{
    /// <summary>The relative accuracy α.</summary>
    public const double RelativeAccuracy = 0.01;

    /// <summary>The most buckets kept for each sign.</summary>
    public const int MaxBuckets = 2048;

    private static readonly double Gamma = (1 + RelativeAccuracy) / (1 - RelativeAccuracy);
    private static readonly double LogGamma = Math.Log(Gamma);

    private readonly SortedDictionary<int, long> _positive = [];
    private readonly SortedDictionary<int, long> _negative = [];

    /// <summary>Bucket counts of positive values by bucket index (serialised state).</summary>
    [JsonPropertyName("positive")]
    public IReadOnlyDictionary<int, long> Positive
    {
        get => _positive;
        init
        {
            foreach (var (k, v) in value) _positive[k] = v;
        }
    }

    /// <summary>Bucket counts of negative values by the bucket index of their magnitude (serialised state).</summary>
    [JsonPropertyName("negative")]
    public IReadOnlyDictionary<int, long> Negative
    {
        get => _negative;
        init
        {
            foreach (var (k, v) in value) _negative[k] = v;
        }
    }

    /// <summary>How many zeros (and values too small to bucket) were seen.</summary>
    [JsonPropertyName("zeros")]
    [JsonInclude]
    public long Zeros { get; private set; }

    /// <summary>How many values were added.</summary>
    [JsonIgnore]
    public long Count => Zeros + _positive.Values.Sum() + _negative.Values.Sum();

    /// <summary>Adds a finite value (NaN and infinities are ignored; callers count them).</summary>
    public void Add(double value)
    {
        if (!double.IsFinite(value)) return;
        if (Math.Abs(value) < 1e-9)
        {
            Zeros++;
            return;
        }
        var store = value > 0 ? _positive : _negative;
        var index = (int)Math.Ceiling(Math.Log(Math.Abs(value)) / LogGamma);
        store[index] = store.GetValueOrDefault(index) + 1;
        if (store.Count > MaxBuckets) Collapse(store);
    }

    /// <summary>Adds the values of <paramref name="other"/>.</summary>
    public void Merge(QuantileSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Zeros += other.Zeros;
        foreach (var (k, v) in other._positive) _positive[k] = _positive.GetValueOrDefault(k) + v;
        foreach (var (k, v) in other._negative) _negative[k] = _negative.GetValueOrDefault(k) + v;
        while (_positive.Count > MaxBuckets) Collapse(_positive);
        while (_negative.Count > MaxBuckets) Collapse(_negative);
    }

    private static void Collapse(SortedDictionary<int, long> store)
    {
        var lowest = store.Keys.First();
        var count = store[lowest];
        store.Remove(lowest);
        var next = store.Keys.First();
        store[next] += count;
    }

    /// <summary>The value of rank q·(n − 1) (0 ≤ q ≤ 1), within 1 % relative error; NaN when empty.</summary>
    public double Quantile(double q)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1);
        var n = Count;
        if (n == 0) return double.NaN;
        var rank = (long)Math.Floor(q * (n - 1));
        long seen = 0;
        foreach (var (index, count) in _negative.Reverse())
        {
            seen += count;
            if (seen > rank) return -Representative(index);
        }
        seen += Zeros;
        if (seen > rank) return 0;
        foreach (var (index, count) in _positive)
        {
            seen += count;
            if (seen > rank) return Representative(index);
        }
        return Representative(_positive.Keys.Last());
    }

    /// <summary>
    /// The equal-width histogram of <paramref name="buckets"/> buckets over [min, max] (the exact extremes, kept by the
    /// caller). Each sketch bucket's count is spread uniformly over its range clipped to [min, max], as TFDV
    /// interpolates its STANDARD histogram from quantiles. When min = max it is one point bucket.
    /// </summary>
    public IReadOnlyList<HistogramBucket> Histogram(double min, double max, int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        if (Count == 0 || !double.IsFinite(min) || !double.IsFinite(max)) return [];
        if (min >= max) return [new HistogramBucket(min, min, Count)];
        var width = (max - min) / buckets;
        var counts = new double[buckets];
        foreach (var (low, high, count) in Ranges())
        {
            var lo = Math.Clamp(low, min, max);
            var hi = Math.Clamp(high, min, max);
            if (hi <= lo)
            {
                counts[BucketOf(lo, min, width, buckets)] += count;
                continue;
            }
            for (var b = BucketOf(lo, min, width, buckets); b <= BucketOf(hi, min, width, buckets) && b < buckets; b++)
            {
                var bLow = min + b * width;
                var bHigh = b == buckets - 1 ? max : bLow + width;
                var overlap = Math.Min(hi, bHigh) - Math.Max(lo, bLow);
                if (overlap > 0) counts[b] += count * overlap / (hi - lo);
            }
        }
        return Enumerable.Range(0, buckets)
            .Select(b => new HistogramBucket(min + b * width, b == buckets - 1 ? max : min + (b + 1) * width, counts[b])).ToList();
    }

    private static int BucketOf(double value, double min, double width, int buckets) =>
        Math.Clamp((int)Math.Floor((value - min) / width), 0, buckets - 1);

    private IEnumerable<(double Low, double High, long Count)> Ranges()
    {
        foreach (var (index, count) in _negative.Reverse())
        {
            yield return (-Math.Pow(Gamma, index), -Math.Pow(Gamma, index - 1), count);
        }
        if (Zeros > 0) yield return (0, 0, Zeros);
        foreach (var (index, count) in _positive)
        {
            yield return (Math.Pow(Gamma, index - 1), Math.Pow(Gamma, index), count);
        }
    }

    private static double Representative(int index) => 2 * Math.Pow(Gamma, index) / (Gamma + 1);
}
