namespace LabelStudio.Consensus.Batch;

/// <summary>
/// An RFC 4180 record reader over a UTF-8 byte buffer: comma separated, fields optionally in double quotes with ""
/// as an escaped quote and line breaks allowed inside quotes; records end at LF or CRLF. Unquoted fields are trimmed of
/// spaces and tabs. Line numbers are physical (a quoted line break advances them).
/// </summary>
internal sealed class CsvCursor
{
    private readonly byte[] _data;
    private int _pos;
    private int _line = 1;
    private byte[] _scratch = new byte[256];
    private int _scratchUsed;
    private readonly (bool Scratch, int Start, int Length)[] _fields;

    public CsvCursor(byte[] data, int maxFields)
    {
        _data = data;
        _fields = new (bool, int, int)[maxFields];
        if (data.Length >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
        {
            _pos = 3;
        }
    }

    public int RecordLine { get; private set; }

    public int FieldCount { get; private set; }

    public string? Error { get; private set; }

    public ReadOnlySpan<byte> Field(int i)
    {
        var (scratch, start, length) = _fields[i];
        return scratch ? _scratch.AsSpan(start, length) : _data.AsSpan(start, length);
    }

    /// <summary>Reads the next record; false at the end of the data. Blank lines are skipped.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public bool Next()
    {
        while (true)
        {
            if (_pos >= _data.Length)
            {
                return false;
            }
            RecordLine = _line;
            FieldCount = 0;
            Error = null;
            _scratchUsed = 0;
            var blank = ReadRecord();
            if (!blank)
            {
                return true;
            }
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool ReadRecord()
    {
        var data = _data;
        while (true)
        {
            (bool, int, int) field;
            var quoted = false;
            if (_pos < data.Length && data[_pos] == (byte)'"')
            {
                quoted = true;
                _pos++;
                var start = _scratchUsed;
                var closed = false;
                while (_pos < data.Length)
                {
                    var b = data[_pos];
                    if (b == (byte)'"')
                    {
                        if (_pos + 1 < data.Length && data[_pos + 1] == (byte)'"')
                        {
                            AppendScratch(b);
                            _pos += 2;
                            continue;
                        }
                        _pos++;
                        closed = true;
                        break;
                    }
                    if (b == (byte)'\n')
                    {
                        _line++;
                    }
                    AppendScratch(b);
                    _pos++;
                }
                field = (true, start, _scratchUsed - start);
                if (!closed)
                {
                    Error ??= "unterminated quoted field";
                    Store(field);
                    return false;
                }
                if (_pos < data.Length && data[_pos] is not ((byte)',' or (byte)'\n' or (byte)'\r'))
                {
                    Error ??= "unexpected character after a closing quote";
                    SkipLine();
                    Store(field);
                    return false;
                }
                if (_pos < data.Length && data[_pos] == (byte)'\r')
                {
                    if (_pos + 1 < data.Length && data[_pos + 1] == (byte)'\n')
                    {
                        _pos++;
                    }
                    else
                    {
                        Error ??= "unexpected character after a closing quote";
                        SkipLine();
                        Store(field);
                        return false;
                    }
                }
            }
            else
            {
                var rest = data.AsSpan(_pos);
                var idx = rest.IndexOfAny((byte)',', (byte)'\n');
                var length = idx < 0 ? rest.Length : idx;
                var end = _pos + length;
                var s = _pos;
                var e = end;
                if (idx >= 0 && rest[idx] == (byte)'\n' && e > s && data[e - 1] == (byte)'\r')
                {
                    e--;
                }
                else if (idx < 0 && e > s && data[e - 1] == (byte)'\r')
                {
                    e--;
                }
                while (s < e && data[s] is (byte)' ' or (byte)'\t')
                {
                    s++;
                }
                while (e > s && data[e - 1] is (byte)' ' or (byte)'\t')
                {
                    e--;
                }
                field = (false, s, e - s);
                _pos = end;
            }
            Store(field);
            if (_pos >= data.Length)
            {
                return FieldCount == 1 && !quoted && field.Item3 == 0;
            }
            var delimiter = data[_pos++];
            if (delimiter == (byte)'\n')
            {
                _line++;
                return FieldCount == 1 && !quoted && field.Item3 == 0;
            }
        }
    }

    private void Store((bool, int, int) field)
    {
        if (FieldCount < _fields.Length)
        {
            _fields[FieldCount] = field;
        }
        FieldCount++;
    }

    private void SkipLine()
    {
        var rest = _data.AsSpan(_pos);
        var idx = rest.IndexOf((byte)'\n');
        if (idx < 0)
        {
            _pos = _data.Length;
        }
        else
        {
            _pos += idx + 1;
            _line++;
        }
    }

    private void AppendScratch(byte b)
    {
        if (_scratchUsed == _scratch.Length)
        {
            Array.Resize(ref _scratch, _scratch.Length * 2);
        }
        _scratch[_scratchUsed++] = b;
    }
}
