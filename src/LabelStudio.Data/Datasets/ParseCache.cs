using System.Buffers;
using System.Text;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// Parsed forms of stored JSON (or any stored text) by its UTF-8 bytes, for the build's inputs: consensus answers, rater
/// ids and methods repeat from task to task (a classification has a handful of distinct answers), so most rows skip the
/// parse and allocate nothing: a hit is looked up by the bytes the database hands out. Bounded: the cache starts over
/// when full, so memory does not grow with the project. The values are shared and never mutated.
/// </summary>
internal sealed class ParseCache<T>
{
    private readonly Func<string, T> _parse;
    private readonly int _capacity;
    private readonly Dictionary<byte[], T> _values = new(ByteContent.Instance);
    private readonly Dictionary<byte[], T>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public ParseCache(Func<string, T> parse, int capacity = 4096)
    {
        _parse = parse;
        _capacity = capacity;
        _lookup = _values.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public T Get(ReadOnlySpan<byte> utf8)
    {
        if (_lookup.TryGetValue(utf8, out var value)) return value;
        if (_values.Count >= _capacity) _values.Clear();
        return _values[utf8.ToArray()] = _parse(Encoding.UTF8.GetString(utf8));
    }

    public T Get(string text)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            return Get(bytes.AsSpan(0, Encoding.UTF8.GetBytes(text, bytes)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
