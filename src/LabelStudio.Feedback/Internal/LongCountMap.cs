using System.Runtime.CompilerServices;

namespace LabelStudio.Feedback.Internal;

/// <summary>Open-addressing counter map from 64-bit keys to positive counts (12 bytes per slot, load at most 2/3).</summary>
internal sealed class LongCountMap
{
    private ulong[] _keys;
    private int[] _counts; // 0 = empty
    private int _mask;
    private int _count;

    public LongCountMap(int capacity = 1024)
    {
        int size = 16;
        while (size < capacity * 3 / 2)
        {
            size <<= 1;
        }
        _keys = new ulong[size];
        _counts = new int[size];
        _mask = size - 1;
    }

    /// <summary>Distinct keys.</summary>
    public int Count => _count;

    /// <summary>Slots allocated (for memory diagnostics).</summary>
    public int Capacity => _counts.Length;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Increment(ulong key)
    {
        int slot = (int)(Hash64.Mix(key) & (ulong)_mask);
        while (true)
        {
            int c = _counts[slot];
            if (c == 0)
            {
                _keys[slot] = key;
                _counts[slot] = 1;
                if (++_count * 3 > _counts.Length * 2)
                {
                    Grow();
                }
                return;
            }
            if (_keys[slot] == key)
            {
                _counts[slot] = c + 1;
                return;
            }
            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>The raw slots (count 0 = empty); visit order is the table's, so callers must do order-independent work.</summary>
    public (ulong[] Keys, int[] Counts) Slots => (_keys, _counts);

    private void Grow()
    {
        var keys = new ulong[_keys.Length * 2];
        var counts = new int[_counts.Length * 2];
        int mask = counts.Length - 1;
        for (int i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] == 0)
            {
                continue;
            }
            int slot = (int)(Hash64.Mix(_keys[i]) & (ulong)mask);
            while (counts[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            keys[slot] = _keys[i];
            counts[slot] = _counts[i];
        }
        _keys = keys;
        _counts = counts;
        _mask = mask;
    }
}
