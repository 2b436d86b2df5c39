using System.Globalization;
using System.Text.Json;

namespace LabelStudio.Core.Import;

/// <summary>
/// Streams tasks out of a JSON Lines file: one task object per line; blank lines are skipped. A line that is not
/// valid JSON or not an object is a row-level error, and reading continues with the next line.
/// </summary>
internal sealed class JsonLinesTaskReader : IDisposable
{
    private readonly PooledStreamBuffer _buffer;
    private readonly ImportLimits _limits;
    private readonly JsonDocumentOptions _documentOptions;
    private int _scanned;
    private int _line;
    private bool _sawContent;

    public JsonLinesTaskReader(Stream stream, ImportLimits limits)
    {
        _buffer = new PooledStreamBuffer(stream, limits.MaxRecordBytes);
        _limits = limits;
        _documentOptions = new JsonDocumentOptions { MaxDepth = limits.MaxJsonDepth };
    }

    public bool TryReadNext(out ImportRecord record)
    {
        while (true)
        {
            var newline = _buffer.Bytes.AsSpan(_scanned, _buffer.End - _scanned).IndexOf((byte)'\n');
            int lineEnd;
            int next;
            if (newline >= 0)
            {
                lineEnd = _scanned + newline;
                next = lineEnd + 1;
            }
            else if (_buffer.Eof)
            {
                if (_buffer.Start == _buffer.End)
                {
                    if (!_sawContent)
                    {
                        throw new ImportFormatException("The file is empty: it holds no tasks.", 1);
                    }

                    record = default;
                    return false;
                }

                lineEnd = next = _buffer.End;
            }
            else
            {
                _scanned = _buffer.End;
                try
                {
                    _scanned -= _buffer.Refill();
                }
                catch (PooledStreamBuffer.RecordTooLargeException)
                {
                    throw new ImportFormatException(string.Create(CultureInfo.InvariantCulture,
                        $"Line {_line + 1} is longer than {_limits.RecordSizeText} without ending; each line must hold one task of at most {_limits.RecordSizeText}."),
                        _line + 1);
                }

                continue;
            }

            var line = _buffer.Bytes.AsMemory(_buffer.Start, lineEnd - _buffer.Start);
            if (line.Span.EndsWith((byte)'\r'))
            {
                line = line[..^1];
            }

            _line++;
            _buffer.Start = _scanned = next;
            if (line.Span.IndexOfAnyExcept(" \t\r"u8) < 0)
            {
                continue;
            }

            _sawContent = true;
            record = Parse(line, _line);
            return true;
        }
    }

    private ImportRecord Parse(ReadOnlyMemory<byte> line, int lineNumber)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, _documentOptions);
        }
        catch (JsonException ex)
        {
            var message = TaskJsonConverter.MessageWithoutPosition(ex);
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

    public void Dispose() => _buffer.Dispose();
}
