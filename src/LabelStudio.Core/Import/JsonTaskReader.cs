using System.Globalization;
using System.Text.Json;

namespace LabelStudio.Core.Import;

/// <summary>
/// Streams tasks out of a JSON file holding an array of tasks or one task object. Only the current task is
/// materialised (as a <see cref="JsonDocument"/>); the file is scanned with <see cref="Utf8JsonReader"/> over a
/// pooled, refilled buffer, and lines are tracked by counting <c>\n</c> in the bytes passed over.
/// </summary>
internal sealed class JsonTaskReader : IDisposable
{
    private readonly PooledStreamBuffer _buffer;
    private readonly ImportLimits _limits;
    private readonly JsonDocumentOptions _documentOptions;
    private JsonReaderState _state;
    private Phase _phase;
    private int _lineCursor;
    private int _line = 1;
    private int _index;
    private int _skippedLines;

    public JsonTaskReader(Stream stream, ImportLimits limits)
    {
        _buffer = new PooledStreamBuffer(stream, limits.MaxRecordBytes);
        _limits = limits;
        _documentOptions = new JsonDocumentOptions { MaxDepth = limits.MaxJsonDepth };
        _state = new JsonReaderState(new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Disallow, MaxDepth = limits.MaxJsonDepth,
        });
    }

    private enum Phase
    {
        NotStarted,
        InArray,
        SingleObject,
        Finished,
    }

    private enum Step
    {
        Produced,
        NeedMore,
        Finished,
    }

    public bool TryReadNext(out ImportRecord record)
    {
        record = default;
        if (_phase == Phase.NotStarted && _buffer.End == 0 && !_buffer.Eof)
        {
            EnsureNotEmpty();
        }

        while (true)
        {
            Step step;
            try
            {
                step = Advance(out record);
            }
            catch (JsonException ex)
            {
                throw Broken(ex);
            }

            switch (step)
            {
                case Step.Produced:
                    return true;
                case Step.Finished:
                    return false;
                default:
                    if (_buffer.Eof)
                    {
                        // The reader needs more bytes but there are none: Utf8JsonReader reports this itself with
                        // isFinalBlock=true, so this is only reached for an incomplete top-level value.
                        throw new ImportFormatException(
                            string.Create(CultureInfo.InvariantCulture, $"The JSON ends too early (line {_line}): a bracket or quote is not closed."), _line);
                    }

                    Refill();
                    break;
            }
        }
    }

    private Step Advance(out ImportRecord record)
    {
        record = default;
        if (_phase == Phase.Finished)
        {
            return Step.Finished;
        }

        var reader = new Utf8JsonReader(_buffer.Unread, _buffer.Eof, _state);
        while (true)
        {
            var before = reader.CurrentState;
            var beforeConsumed = (int)reader.BytesConsumed;
            if (!reader.Read())
            {
                Commit((int)reader.BytesConsumed, reader.CurrentState);
                if (_buffer.Eof)
                {
                    _phase = Phase.Finished;
                    return Step.Finished;
                }

                return Step.NeedMore;
            }

            var tokenStart = (int)reader.TokenStartIndex;
            if (_phase == Phase.NotStarted)
            {
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    _phase = Phase.InArray;
                    continue;
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    var line = LineAt(_buffer.Start + tokenStart);
                    throw new ImportFormatException(
                        string.Create(CultureInfo.InvariantCulture, $"Line {line}: a JSON task file must hold an array of tasks or one task object, not {reader.TokenType}."),
                        line);
                }

                if (!reader.TrySkip())
                {
                    Commit(beforeConsumed, before);
                    return Step.NeedMore;
                }

                _phase = Phase.SingleObject;
                record = Produce(tokenStart, (int)reader.BytesConsumed);
                Commit((int)reader.BytesConsumed, reader.CurrentState);
                return Step.Produced;
            }

            if (_phase == Phase.SingleObject || reader.CurrentDepth == 0)
            {
                // The closing bracket of the array, or trailing whitespace; the reader rejects anything else.
                continue;
            }

            if (reader.CurrentDepth != 1)
            {
                continue;
            }

            _index++;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                var isObject = reader.TokenType == JsonTokenType.StartObject;
                if (!reader.TrySkip())
                {
                    _index--;
                    Commit(beforeConsumed, before);
                    return Step.NeedMore;
                }

                record = isObject
                    ? Produce(tokenStart, (int)reader.BytesConsumed)
                    : NotAnObject(tokenStart, "an array");
                Commit((int)reader.BytesConsumed, reader.CurrentState);
                return Step.Produced;
            }

            var kind = reader.TokenType switch
            {
                JsonTokenType.String => "a string",
                JsonTokenType.Number => "a number",
                JsonTokenType.True or JsonTokenType.False => "a boolean",
                _ => "null",
            };
            record = NotAnObject(tokenStart, kind);
            Commit((int)reader.BytesConsumed, reader.CurrentState);
            return Step.Produced;
        }
    }

    private ImportRecord NotAnObject(int tokenStart, string kind)
    {
        var line = LineAt(_buffer.Start + tokenStart);
        return ImportRecord.FromError(line, null,
            string.Create(CultureInfo.InvariantCulture, $"Item {_index} of the array is {kind}; each task must be a JSON object."));
    }

    private ImportRecord Produce(int tokenStart, int tokenEnd)
    {
        var line = LineAt(_buffer.Start + tokenStart);
        var bytes = new ReadOnlyMemory<byte>(_buffer.Bytes, _buffer.Start + tokenStart, tokenEnd - tokenStart);
        using var document = JsonDocument.Parse(bytes, _documentOptions);
        return TaskJsonConverter.Convert(document.RootElement, line);
    }

    private void Commit(int consumed, JsonReaderState state)
    {
        _buffer.Start += consumed;
        _state = state;
    }

    private int LineAt(int position)
    {
        if (position > _lineCursor)
        {
            _line += _buffer.Bytes.AsSpan(_lineCursor, position - _lineCursor).Count((byte)'\n');
            _lineCursor = position;
        }

        return _line;
    }

    private void Refill()
    {
        LineAt(_buffer.Start);
        try
        {
            _lineCursor -= _buffer.Refill();
        }
        catch (PooledStreamBuffer.RecordTooLargeException)
        {
            var skip = _buffer.Unread.IndexOfAnyExcept(" \t\r\n,"u8);
            var line = LineAt(_buffer.Start + Math.Max(0, skip));
            throw new ImportFormatException(string.Create(CultureInfo.InvariantCulture,
                $"The task that starts at line {line} is larger than {_limits.RecordSizeText}; each task may be at most {_limits.RecordSizeText}."),
                line);
        }
    }

    private void EnsureNotEmpty()
    {
        while (!_buffer.Eof)
        {
            Refill();
            var span = _buffer.Unread;
            if (span.IndexOfAnyExcept(" \t\r\n"u8) >= 0)
            {
                return;
            }

            // Leading blank lines: pass over them so that a long run of whitespace cannot grow the buffer.
            var skip = span.LastIndexOf((byte)'\n') + 1;
            if (skip > 0)
            {
                _skippedLines += span[..skip].Count((byte)'\n');
                LineAt(_buffer.Start + skip);
                _buffer.Start += skip;
            }
        }

        throw new ImportFormatException("The file is empty: it holds no tasks.", 1);
    }

    private ImportFormatException Broken(JsonException ex)
    {
        var line = ex.LineNumber is { } l ? (int)l + 1 + _skippedLines : (int?)null;
        var position = ex.BytePositionInLine is { } p ? (int)p + 1 : (int?)null;
        var message = TaskJsonConverter.MessageWithoutPosition(ex);
        return new ImportFormatException(
            string.Create(CultureInfo.InvariantCulture, $"The JSON is broken at line {line}, position {position}: {message}"), line, ex)
        {
            Position = position,
        };
    }

    public void Dispose() => _buffer.Dispose();
}
