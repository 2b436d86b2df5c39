using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace LabelStudio.Core.Import;

/// <summary>
/// Read-only pass-through stream that skips a leading UTF-8 byte order mark and throws
/// <see cref="ImportFormatException"/> (with the line) at the first byte sequence that is not valid UTF-8.
/// Sequences split across reads of the inner stream are handled. Does not dispose the inner stream.
/// </summary>
internal sealed class Utf8ValidatingStream : ReadOnlyStream
{
    private const int BufferSize = 64 * 1024;
    private readonly Stream _inner;
    private byte[]? _buffer;
    private int _readPos;
    private int _validEnd;
    private int _end;
    private int _line = 1;
    private bool _eof;
    private bool _bomChecked;

    public Utf8ValidatingStream(Stream inner)
    {
        _inner = inner;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    }

    public static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_readPos == _validEnd && !Fill())
        {
            return 0;
        }

        var count = Math.Min(buffer.Length, _validEnd - _readPos);
        _buffer!.AsSpan(_readPos, count).CopyTo(buffer);
        _readPos += count;
        return count;
    }

    private bool Fill()
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(Utf8ValidatingStream));
        var tail = _end - _validEnd;
        buffer.AsSpan(_validEnd, tail).CopyTo(buffer);
        _readPos = _validEnd = 0;
        _end = tail;
        while (true)
        {
            if (!_eof)
            {
                var read = _inner.Read(buffer, _end, buffer.Length - _end);
                if (read == 0)
                {
                    _eof = true;
                }
                else
                {
                    _end += read;
                }
            }

            if (!_bomChecked)
            {
                if (_end < 3 && !_eof)
                {
                    continue;
                }

                _bomChecked = true;
                if (buffer.AsSpan(0, _end).StartsWith(Bom))
                {
                    _readPos = _validEnd = 3;
                }
            }

            var candidateEnd = _eof ? _end : _end - IncompleteTail(buffer.AsSpan(_validEnd, _end - _validEnd));
            if (candidateEnd > _validEnd)
            {
                Validate(buffer.AsSpan(_validEnd, candidateEnd - _validEnd));
                _validEnd = candidateEnd;
                return true;
            }

            if (_eof)
            {
                return false;
            }
        }
    }

    private void Validate(ReadOnlySpan<byte> span)
    {
        if (Utf8.IsValid(span))
        {
            _line += span.Count((byte)'\n');
            return;
        }

        var index = 0;
        while (index < span.Length)
        {
            if (Rune.DecodeFromUtf8(span[index..], out _, out var consumed) != OperationStatus.Done)
            {
                break;
            }

            index += consumed;
        }

        var line = _line + span[..index].Count((byte)'\n');
        var bad = index < span.Length ? span[index] : (byte)0;
        throw new ImportFormatException(
            string.Create(CultureInfo.InvariantCulture,
                $"The file is not valid UTF-8: line {line} contains the invalid byte 0x{bad:X2}. Save the file as UTF-8 and import it again."),
            line);
    }

    /// <summary>Number of trailing bytes that start a multi-byte sequence not yet complete.</summary>
    private static int IncompleteTail(ReadOnlySpan<byte> span)
    {
        for (var k = 1; k <= Math.Min(3, span.Length); k++)
        {
            var b = span[^k];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }

            var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > k ? k : 0;
        }

        return 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        base.Dispose(disposing);
    }
}
