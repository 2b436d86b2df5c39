using System.Buffers;

namespace LabelStudio.Feedback.Internal;

/// <summary>Splits a UTF-8 stream into lines over one pooled buffer; memory is bounded by the longest line.</summary>
internal sealed class Utf8LineReader : IDisposable
{
    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private bool _first = true;

    public Utf8LineReader(Stream stream, int maxLineBytes, int bufferSize = 1 << 20)
    {
        _stream = stream;
        _maxLineBytes = maxLineBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(bufferSize, Math.Max(4096, maxLineBytes)));
    }

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Reads the next line (without the newline or a trailing CR). <paramref name="tooLong"/> marks a skipped overlong line.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line, out bool tooLong)
    {
        tooLong = false;
        bool discarding = false;
        while (true)
        {
            int idx = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (idx >= 0)
            {
                int lineStart = _start;
                _start += idx + 1;
                LineNumber++;
                if (discarding)
                {
                    line = default;
                    tooLong = true;
                    return true;
                }
                line = Trim(_buffer.AsSpan(lineStart, idx));
                return true;
            }
            if (_eof)
            {
                if (_end > _start || discarding)
                {
                    LineNumber++;
                    line = discarding ? default : Trim(_buffer.AsSpan(_start, _end - _start));
                    tooLong = discarding;
                    _start = _end;
                    return true;
                }
                line = default;
                return false;
            }
            if (_end - _start >= _maxLineBytes)
            {
                discarding = true;
                _start = _end;
            }
            Fill();
        }
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, _maxLineBytes + 1));
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
            return;
        }
        if (_first)
        {
            _first = false;
            if (read >= 3 && _buffer[_end] == 0xEF && _buffer[_end + 1] == 0xBB && _buffer[_end + 2] == 0xBF)
            {
                _start += 3;
            }
        }
        _end += read;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
