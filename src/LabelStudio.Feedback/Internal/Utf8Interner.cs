using System.Runtime.CompilerServices;
using System.Text;

namespace LabelStudio.Feedback.Internal;

/// <summary>Maps UTF-8 byte strings to dense ints without allocating a string per lookup.</summary>
internal sealed class Utf8Interner
{
    private byte[] _arena = new byte[1 << 16];
    private int _arenaLength;
    private int[] _offsets = new int[1025];
    private uint[] _hashes = new uint[1024];
    private int[] _table = new int[2048];
    private int _mask = 2047;
    private int _count;

    public int Count => _count;

    public void Clear()
    {
        Array.Clear(_table);
        _count = 0;
        _arenaLength = 0;
    }

    public int GetOrAdd(ReadOnlySpan<byte> key)
    {
        uint h = HashOf(key);
        int slot = (int)(h & (uint)_mask);
        while (true)
        {
            int e = _table[slot];
            if (e == 0)
            {
                return Add(key, h, slot);
            }
            int id = e - 1;
            if (_hashes[id] == h && GetBytes(id).SequenceEqual(key))
            {
                return id;
            }
            slot = (slot + 1) & _mask;
        }
    }

    public int TryGet(ReadOnlySpan<byte> key)
    {
        uint h = HashOf(key);
        int slot = (int)(h & (uint)_mask);
        while (true)
        {
            int e = _table[slot];
            if (e == 0)
            {
                return -1;
            }
            int id = e - 1;
            if (_hashes[id] == h && GetBytes(id).SequenceEqual(key))
            {
                return id;
            }
            slot = (slot + 1) & _mask;
        }
    }

    public int TryGet(string key) => TryGet(Encoding.UTF8.GetBytes(key));

    public ReadOnlySpan<byte> GetBytes(int id) => new(_arena, _offsets[id], _offsets[id + 1] - _offsets[id]);

    public string GetString(int id) => Encoding.UTF8.GetString(GetBytes(id));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint HashOf(ReadOnlySpan<byte> key)
    {
        ulong h = Hash64.Compute(key);
        return (uint)(h ^ (h >> 32));
    }

    private int Add(ReadOnlySpan<byte> key, uint h, int slot)
    {
        int id = _count;
        if (_arenaLength + key.Length > _arena.Length)
        {
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaLength + key.Length));
        }
        key.CopyTo(_arena.AsSpan(_arenaLength));
        if (id == _hashes.Length)
        {
            Array.Resize(ref _hashes, _hashes.Length * 2);
            Array.Resize(ref _offsets, _hashes.Length + 1);
        }
        _offsets[id] = _arenaLength;
        _arenaLength += key.Length;
        _offsets[id + 1] = _arenaLength;
        _hashes[id] = h;
        _table[slot] = id + 1;
        _count++;
        if (_count * 2 > _table.Length)
        {
            Rehash();
        }
        return id;
    }

    private void Rehash()
    {
        var table = new int[_table.Length * 2];
        int mask = table.Length - 1;
        for (int id = 0; id < _count; id++)
        {
            int slot = (int)(_hashes[id] & (uint)mask);
            while (table[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            table[slot] = id + 1;
        }
        _table = table;
        _mask = mask;
    }
}
