using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace LabelStudio.Core.Import;

/// <summary>
/// Streams tasks out of a JSON Lines file: one task object per line; blank lines are skipped. A line that is not
/// valid JSON or not an object is a row-level error, and reading continues with the next line.
/// </summary>
internal sealed class JsonLinesTaskReader : IDisposable
{
    private const int InitialBufferSize = 64 * 1024;
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _scanned;
    private bool _eof;
    private int _line;
    private bool _sawContent;

    public JsonLinesTaskReader(Stream stream)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
    }

    public bool TryReadNext(out ImportRecord record)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_scanned, _end - _scanned).IndexOf((byte)'\n');
            int lineEnd;
            int next;
            if (newline >= 0)
            {
                lineEnd = _scanned + newline;
                next = lineEnd + 1;
            }
            else if (_eof)
            {
                if (_start == _end)
                {
                    if (!_sawContent)
                    {
                        throw new ImportFormatException("The file is empty: it holds no tasks.", 1);
                    }

                    record = default;
                    return false;
                }

                lineEnd = next = _end;
            }
            else
            {
                _scanned = _end;
                Refill();
                continue;
            }

            var line = _buffer.AsMemory(_start, lineEnd - _start);
            if (line.Span.EndsWith((byte)'\r'))
            {
                line = line[..^1];
            }

            _line++;
            _start = _scanned = next;
            if (line.Span.IndexOfAnyExcept(" \t\r"u8) < 0)
            {
                continue;
            }

            _sawContent = true;
            record = Parse(line, _line);
            return true;
        }
    }

    private static ImportRecord Parse(ReadOnlyMemory<byte> line, int lineNumber)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            var message = ex.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }

            var position = ex.BytePositionInLine is { } p ? (int)p + 1 : 0;
            return ImportRecord.FromError(lineNumber, null,
                string.Create(CultureInfo.InvariantCulture, $"The line is not valid JSON (position {position}): {message}"));
        }

        using (document)
        {
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                ? TaskJsonConverter.Convert(root, lineNumber)
                : ImportRecord.FromError(lineNumber, null,
                    $"Each line must be a JSON object (one task), but this line is {TaskJsonConverter.Describe(root)}.");
        }
    }

    private void Refill()
    {
        var remaining = _end - _start;
        if (_start == 0 && _end == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        else if (_start > 0)
        {
            _buffer.AsSpan(_start, remaining).CopyTo(_buffer);
            _scanned -= _start;
            _start = 0;
            _end = remaining;
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
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
