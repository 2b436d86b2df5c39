using System.Text.Json.Serialization;

namespace LabelStudio.Core.DataValidation;

/// <summary>
/// The most frequent values in constant memory: exact counts while at most <see cref="Capacity"/> distinct values were
/// seen, then a Misra–Gries summary (TFDV's in-memory path uses Misra–Gries with 1,024 counters): each kept count
/// undercounts its value by at most n / (k + 1). Merging adds the counters and subtracts the (k + 1)-th largest
/// (Agarwal et al. 2012), which keeps the same bound; while neither side overflowed, merging is exact.
/// Values longer than <see cref="MaxValueLength"/> characters are cut (and marked with an ellipsis).
/// </summary>
public sealed class TopValuesSketch
{
    /// <summary>How many counters are kept.</summary>
    public const int Capacity = 1024;

    /// <summary>The longest value kept as is.</summary>
    public const int MaxValueLength = 200;

    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    /// <summary>The counters (the sketch's serialised state), largest first, ties in ordinal order.</summary>
    [JsonPropertyName("counts")]
    public IReadOnlyList<ValueCount> Counts
    {
        get => Ranked().ToList();
        init
        {
            foreach (var count in value) _counts[count.Value] = count.Count;
        }
    }

    /// <summary>True once a counter was decremented, i.e. the counts are lower bounds.</summary>
    [JsonPropertyName("approximate")]
    [JsonInclude]
    public bool Approximate { get; private set; }

    /// <summary>Counts one occurrence of <paramref name="value"/>.</summary>
    public void Add(string value) => Add(value, 1);

    private void Add(string value, long count)
    {
        var key = value.Length <= MaxValueLength ? value : string.Concat(value.AsSpan(0, MaxValueLength), "…");
        if (_counts.TryGetValue(key, out var current))
        {
            _counts[key] = current + count;
            return;
        }
        if (_counts.Count < Capacity)
        {
            _counts[key] = count;
            return;
        }
        // Misra–Gries: a new value with all counters taken decrements every counter (and itself) by the smallest amount
        // that frees one. Each decrement is paid for by earlier increments, so the cost is amortised O(1).
        Approximate = true;
        var step = Math.Min(count, _counts.Values.Min());
        foreach (var k in _counts.Keys.ToList())
        {
            var left = _counts[k] - step;
            if (left <= 0) _counts.Remove(k);
            else _counts[k] = left;
        }
        if (count > step) _counts[key] = count - step;
    }

    /// <summary>Adds the counters of <paramref name="other"/>.</summary>
    public void Merge(TopValuesSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (value, count) in other._counts)
        {
            _counts[value] = _counts.GetValueOrDefault(value) + count;
        }
        Approximate |= other.Approximate;
        if (_counts.Count <= Capacity) return;
        Approximate = true;
        var cut = _counts.Values.OrderByDescending(c => c).ElementAt(Capacity);
        foreach (var k in _counts.Keys.ToList())
        {
            var left = _counts[k] - cut;
            if (left <= 0) _counts.Remove(k);
            else _counts[k] = left;
        }
    }

    /// <summary>The <paramref name="n"/> most frequent values, largest first, ties in ordinal order.</summary>
    public IReadOnlyList<ValueCount> Top(int n) => Ranked().Take(n).ToList();

    /// <summary>The number of distinct values with a counter.</summary>
    [JsonIgnore]
    public int Size => _counts.Count;

    /// <summary>The count of <paramref name="value"/> (0 when it has no counter).</summary>
    public long CountOf(string value) => _counts.GetValueOrDefault(value);

    private IEnumerable<ValueCount> Ranked() =>
        _counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => new ValueCount(c.Key, c.Value));
}
