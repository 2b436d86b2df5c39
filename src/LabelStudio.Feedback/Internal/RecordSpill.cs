using System.Runtime.InteropServices;

namespace LabelStudio.Feedback.Internal;

/// <summary>
/// Append-only store of variable-length int records (the first int of a record is its payload length, see
/// <see cref="RecordLength"/>) that keeps at most a fixed number of bytes in memory: when the buffer is full it is
/// written to a temporary file (deleted on close). <see cref="ReadAll"/> replays every record once, in append order.
/// </summary>
internal sealed class RecordSpill : IDisposable
{
    private readonly string? _directory;
    private int[] _buffer;
    private int _used;
    private FileStream? _file;
    private long _records;

    /// <param name="maxBufferedBytes">In-memory bound (at least 16 KB is used, enough for the longest record).</param>
    /// <param name="directory">Where the spill file goes (null = system temp directory).</param>
    public RecordSpill(int maxBufferedBytes, string? directory)
    {
        _directory = directory;
        _buffer = new int[Math.Max(4096, maxBufferedBytes / sizeof(int))];
    }

    /// <summary>Ints of a record whose first int is <paramref name="header"/>.</summary>
    public static int RecordLength(int header) => HeaderInts + (header & 0xFF);

    public const int HeaderInts = 10;

    /// <summary>Records appended so far.</summary>
    public long Count => _records;

    /// <summary>Records currently held in memory (the rest are on disk).</summary>
    public int BufferedInts => _used;

    /// <summary>Capacity of the in-memory buffer in bytes (fixed at construction).</summary>
    public long BufferCapacityBytes => (long)_buffer.Length * sizeof(int);

    /// <summary>Bytes written to the spill file.</summary>
    public long SpilledBytes { get; private set; }

    /// <summary>Path of the spill file (null when nothing was spilled or after disposal).</summary>
    public string? SpillPath => _file?.Name;

    public Span<int> Append(int length)
    {
        if (_used + length > _buffer.Length)
        {
            Flush();
        }
        var span = _buffer.AsSpan(_used, length);
        _used += length;
        _records++;
        return span;
    }

    private void Flush()
    {
        if (_used == 0)
        {
            return;
        }
        _file ??= new FileStream(
            Path.Combine(_directory ?? Path.GetTempPath(), $"labelstudio-clicks-{Guid.NewGuid():N}.spill"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        var bytes = MemoryMarshal.AsBytes(_buffer.AsSpan(0, _used));
        _file.Write(bytes);
        SpilledBytes += bytes.Length;
        _used = 0;
    }

    /// <summary>
    /// Calls <paramref name="onChunk"/> with spans of whole records, in append order (spilled ones first, then the
    /// buffered ones). Reuses the in-memory buffer, so no further <see cref="Append"/> is allowed afterwards.
    /// </summary>
    public void ReadAll(Action<ReadOnlyMemory<int>> onChunk)
    {
        if (_file is not null)
        {
            Flush();
            _file.Flush();
            _file.Position = 0;
            int carry = 0;
            var bytes = MemoryMarshal.AsBytes(_buffer.AsSpan());
            while (true)
            {
                int got = carry * sizeof(int);
                int read;
                while (got < bytes.Length && (read = _file.Read(bytes[got..])) > 0)
                {
                    got += read;
                }
                int ints = got / sizeof(int);
                if (ints == carry)
                {
                    break;
                }
                int p = 0;
                while (p < ints && p + RecordLength(_buffer[p]) <= ints)
                {
                    p += RecordLength(_buffer[p]);
                }
                onChunk(_buffer.AsMemory(0, p));
                carry = ints - p;
                Array.Copy(_buffer, p, _buffer, 0, carry);
            }
            if (carry != 0)
            {
                throw new InvalidDataException("The click record spill file is truncated.");
            }
        }
        else if (_used > 0)
        {
            onChunk(_buffer.AsMemory(0, _used));
        }
        _used = 0;
    }

    public void Dispose()
    {
        _file?.Dispose();
        _file = null;
        _used = 0;
    }
}
