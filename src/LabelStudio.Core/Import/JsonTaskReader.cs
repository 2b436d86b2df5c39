using System.Buffers;
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
    private const int InitialBufferSize = 64 * 1024;
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private JsonReaderState _state;
    private Phase _phase;
    private int _lineCursor;
    private int _line = 1;
    private int _index;
    private int _skippedLines;

    public JsonTaskReader(Stream stream)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        _state = new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
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
        if (_phase == Phase.NotStarted && _end == 0 && !_eof)
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
                    if (_eof)
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

        var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _eof, _state);
        while (true)
        {
            var before = reader.CurrentState;
            var beforeConsumed = (int)reader.BytesConsumed;
            if (!reader.Read())
            {
                Commit((int)reader.BytesConsumed, reader.CurrentState);
                if (_eof)
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
                    var line = LineAt(_start + tokenStart);
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
        var line = LineAt(_start + tokenStart);
        return ImportRecord.FromError(line, null,
            string.Create(CultureInfo.InvariantCulture, $"Item {_index} of the array is {kind}; each task must be a JSON object."));
    }

    private ImportRecord Produce(int tokenStart, int tokenEnd)
    {
        var line = LineAt(_start + tokenStart);
        var bytes = new ReadOnlyMemory<byte>(_buffer, _start + tokenStart, tokenEnd - tokenStart);
        using var document = JsonDocument.Parse(bytes);
        return TaskJsonConverter.Convert(document.RootElement, line);
    }

    private void Commit(int consumed, JsonReaderState state)
    {
        _start += consumed;
        _state = state;
    }

    private int LineAt(int position)
    {
        if (position > _lineCursor)
        {
            _line += _buffer.AsSpan(_lineCursor, position - _lineCursor).Count((byte)'\n');
            _lineCursor = position;
        }

        return _line;
    }

    private void Refill()
    {
        LineAt(_start);
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
            _lineCursor -= _start;
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

    private void EnsureNotEmpty()
    {
        while (!_eof)
        {
            Refill();
            var span = _buffer.AsSpan(_start, _end - _start);
            if (span.IndexOfAnyExcept(" \t\r\n"u8) >= 0)
            {
                return;
            }

            // Leading blank lines: pass over them so that a long run of whitespace cannot grow the buffer.
            var skip = span.LastIndexOf((byte)'\n') + 1;
            if (skip > 0)
            {
                _skippedLines += span[..skip].Count((byte)'\n');
                LineAt(_start + skip);
                _start += skip;
            }
        }

        throw new ImportFormatException("The file is empty: it holds no tasks.", 1);
    }

    private ImportFormatException Broken(JsonException ex)
    {
        var line = ex.LineNumber is { } l ? (int)l + 1 + _skippedLines : (int?)null;
        var position = ex.BytePositionInLine is { } p ? (int)p + 1 : (int?)null;
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        return new ImportFormatException(
            string.Create(CultureInfo.InvariantCulture, $"The JSON is broken at line {line}, position {position}: {message}"), line, ex)
        {
            Position = position,
        };
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
