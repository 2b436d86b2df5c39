using System.Buffers.Binary;
using System.Text;

namespace LabelStudio.Consensus.Batch;

/// <summary>Interns UTF-8 byte strings to dense ids with an open-addressing table; no allocation per lookup.</summary>
internal sealed class ByteInterner
{
    private int[] _table = new int[1024];
    private int[] _hashes = new int[256];
    private int[] _offsets = new int[256];
    private int[] _lengths = new int[256];
    private byte[] _arena = new byte[4096];
    private int _arenaUsed;

    public int Count { get; private set; }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public int Intern(ReadOnlySpan<byte> key)
    {
        var h = Hash(key);
        var mask = _table.Length - 1;
        var slot = h & mask;
        while (true)
        {
            var entry = _table[slot];
            if (entry == 0)
            {
                break;
            }
            var id = entry - 1;
            if (_hashes[id] == h && key.SequenceEqual(_arena.AsSpan(_offsets[id], _lengths[id])))
            {
                return id;
            }
            slot = (slot + 1) & mask;
        }
        var newId = Count++;
        if (newId == _hashes.Length)
        {
            Array.Resize(ref _hashes, newId * 2);
            Array.Resize(ref _offsets, newId * 2);
            Array.Resize(ref _lengths, newId * 2);
        }
        if (_arenaUsed + key.Length > _arena.Length)
        {
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaUsed + key.Length));
        }
        key.CopyTo(_arena.AsSpan(_arenaUsed));
        _hashes[newId] = h;
        _offsets[newId] = _arenaUsed;
        _lengths[newId] = key.Length;
        _arenaUsed += key.Length;
        _table[slot] = newId + 1;
        if (Count * 2 > _table.Length)
        {
            Grow();
        }
        return newId;
    }

    public int Find(ReadOnlySpan<byte> key)
    {
        var h = Hash(key);
        var mask = _table.Length - 1;
        var slot = h & mask;
        while (_table[slot] != 0)
        {
            var id = _table[slot] - 1;
            if (_hashes[id] == h && key.SequenceEqual(_arena.AsSpan(_offsets[id], _lengths[id])))
            {
                return id;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    public ReadOnlySpan<byte> Get(int id) => _arena.AsSpan(_offsets[id], _lengths[id]);

    public string[] ToStrings()
    {
        var result = new string[Count];
        for (var i = 0; i < Count; i++)
        {
            result[i] = Encoding.UTF8.GetString(_arena, _offsets[i], _lengths[i]);
        }
        return result;
    }

    private void Grow()
    {
        var table = new int[_table.Length * 2];
        var mask = table.Length - 1;
        for (var id = 0; id < Count; id++)
        {
            var slot = _hashes[id] & mask;
            while (table[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            table[slot] = id + 1;
        }
        _table = table;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int Hash(ReadOnlySpan<byte> key)
    {
        var h = 0x9E3779B97F4A7C15UL ^ (ulong)key.Length;
        while (key.Length >= 8)
        {
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(key)) * 0xFF51AFD7ED558CCDUL;
            h ^= h >> 32;
            key = key[8..];
        }
        ulong tail = 0;
        for (var i = 0; i < key.Length; i++)
        {
            tail |= (ulong)key[i] << (8 * i);
        }
        h = (h ^ tail) * 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 29;
        h *= 0x94D049BB133111EBUL;
        h ^= h >> 32;
        return (int)(h & 0x7FFFFFFF);
    }
}
