using System.Text.Json.Serialization;

namespace LabelStudio.Core.DataValidation;

/// <summary>
/// Counts distinct values in constant memory: exact up to <see cref="Capacity"/> distinct values, then a K-Minimum-Values
/// sketch (Bar-Yossef et al. 2002; TFDV's in-memory path uses KMV too, with 16,384 values): it keeps the
/// <see cref="Capacity"/> smallest 64-bit hashes, and the estimate is (k − 1) / (k-th smallest hash / 2⁶⁴), with a
/// relative standard error of about 1/√(k − 2) (1.6 % for k = 4,096). Two sketches merge by keeping the smallest
/// hashes of their union, which is the sketch of the concatenated data, so merging is exact.
/// </summary>
public sealed class DistinctCountSketch
{
    /// <summary>How many hashes are kept (and the largest count that is exact).</summary>
    public const int Capacity = 4096;

    private readonly SortedSet<ulong> _hashes = [];

    /// <summary>The kept hashes, smallest first (the sketch's serialised state).</summary>
    [JsonPropertyName("hashes")]
    public IReadOnlyCollection<ulong> Hashes
    {
        get => _hashes;
        init
        {
            foreach (var hash in value) _hashes.Add(hash);
        }
    }

    /// <summary>True once a hash was dropped, i.e. the count is an estimate.</summary>
    [JsonPropertyName("saturated")]
    [JsonInclude]
    public bool Saturated { get; private set; }

    /// <summary>Adds a value by its hash.</summary>
    public void Add(ulong hash)
    {
        if (_hashes.Count >= Capacity)
        {
            if (hash >= _hashes.Max || _hashes.Contains(hash)) return;
            _hashes.Remove(_hashes.Max);
            Saturated = true;
        }
        _hashes.Add(hash);
    }

    /// <summary>Adds every value seen by <paramref name="other"/>.</summary>
    public void Merge(DistinctCountSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var hash in other._hashes) Add(hash);
        Saturated |= other.Saturated;
    }

    /// <summary>The number of distinct values: exact unless <see cref="Saturated"/>, then the KMV estimate.</summary>
    public long Estimate()
    {
        if (!Saturated) return _hashes.Count;
        var kth = _hashes.Max / 18446744073709551616.0;
        return kth <= 0 ? _hashes.Count : (long)Math.Round((Capacity - 1) / kth);
    }
}
