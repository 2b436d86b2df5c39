using System.Runtime.CompilerServices;

namespace LabelStudio.Feedback.Internal;

/// <summary>Open-addressing map from 64-bit keys to non-negative ints.</summary>
internal sealed class LongIntMap
{
    private ulong[] _keys;
    private int[] _values; // value + 1; 0 = empty
    private int _mask;
    private int _count;

    public LongIntMap(int capacity = 1024)
    {
        int size = 16;
        while (size < capacity * 2)
        {
            size <<= 1;
        }
        _keys = new ulong[size];
        _values = new int[size];
        _mask = size - 1;
    }

    public int Count => _count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int TryGet(ulong key)
    {
        int slot = (int)(Hash64.Mix(key) & (ulong)_mask);
        while (true)
        {
            int v = _values[slot];
            if (v == 0)
            {
                return -1;
            }
            if (_keys[slot] == key)
            {
                return v - 1;
            }
            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>Returns the existing value, or stores <paramref name="valueIfAbsent"/> and returns it with added=true.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetOrAdd(ulong key, int valueIfAbsent, out bool added)
    {
        int slot = (int)(Hash64.Mix(key) & (ulong)_mask);
        while (true)
        {
            int v = _values[slot];
            if (v == 0)
            {
                _keys[slot] = key;
                _values[slot] = valueIfAbsent + 1;
                _count++;
                if (_count * 2 > _values.Length)
                {
                    Grow();
                }
                added = true;
                return valueIfAbsent;
            }
            if (_keys[slot] == key)
            {
                added = false;
                return v - 1;
            }
            slot = (slot + 1) & _mask;
        }
    }

    private void Grow()
    {
        var keys = new ulong[_keys.Length * 2];
        var values = new int[_values.Length * 2];
        int mask = values.Length - 1;
        for (int i = 0; i < _values.Length; i++)
        {
            if (_values[i] == 0)
            {
                continue;
            }
            int slot = (int)(Hash64.Mix(_keys[i]) & (ulong)mask);
            while (values[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            keys[slot] = _keys[i];
            values[slot] = _values[i];
        }
        _keys = keys;
        _values = values;
        _mask = mask;
    }
}
