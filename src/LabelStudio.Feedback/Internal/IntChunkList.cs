namespace LabelStudio.Feedback.Internal;

/// <summary>Append-only list of variable-length int records stored in fixed chunks (no record straddles a chunk).</summary>
internal sealed class IntChunkList
{
    private const int ChunkSize = 1 << 20;
    private readonly List<int[]> _chunks = [];
    private readonly List<int> _used = [];
    private int[]? _current;
    private int _pos;

    public long TotalInts { get; private set; }

    public Span<int> Append(int length)
    {
        if (_current is null || _pos + length > _current.Length)
        {
            if (_current is not null)
            {
                _used[^1] = _pos;
            }
            _current = new int[Math.Max(ChunkSize, length)];
            _chunks.Add(_current);
            _used.Add(0);
            _pos = 0;
        }
        var span = _current.AsSpan(_pos, length);
        _pos += length;
        _used[^1] = _pos;
        TotalInts += length;
        return span;
    }

    public int ChunkCount => _chunks.Count;

    public ReadOnlySpan<int> GetChunk(int index) => _chunks[index].AsSpan(0, _used[index]);

    public void Clear()
    {
        _chunks.Clear();
        _used.Clear();
        _current = null;
        _pos = 0;
        TotalInts = 0;
    }
}
