namespace LabelStudio.Feedback.Internal;

/// <summary>Compact open-addressing set of 64-bit hashes (8 bytes per slot, load at most 1/2).</summary>
internal sealed class LongHashSet
{
    private ulong[] _slots = new ulong[1 << 12];
    private int _mask = (1 << 12) - 1;
    private int _count;

    public int Count => _count;

    /// <summary>Adds the key; false when it was already present. Key 0 is folded into 1 (a 2^-64 collision).</summary>
    public bool Add(ulong key)
    {
        if (key == 0)
        {
            key = 1;
        }
        int slot = (int)(Hash64.Mix(key) & (ulong)_mask);
        while (true)
        {
            ulong k = _slots[slot];
            if (k == 0)
            {
                _slots[slot] = key;
                _count++;
                if (_count * 2 > _slots.Length)
                {
                    Grow();
                }
                return true;
            }
            if (k == key)
            {
                return false;
            }
            slot = (slot + 1) & _mask;
        }
    }

    private void Grow()
    {
        var slots = new ulong[_slots.Length * 2];
        int mask = slots.Length - 1;
        foreach (ulong k in _slots)
        {
            if (k == 0)
            {
                continue;
            }
            int slot = (int)(Hash64.Mix(k) & (ulong)mask);
            while (slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            slots[slot] = k;
        }
        _slots = slots;
        _mask = mask;
    }
}
