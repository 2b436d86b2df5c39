using System.Globalization;
using System.Text;

namespace LabelStudio.Core.Import;

/// <summary>
/// Streams tasks out of CSV or TSV (RFC 4180 quoting: fields may be quoted with <c>"</c>, quotes doubled inside,
/// and quoted fields may span lines). The first non-empty record is the header and gives the data keys; values
/// stay strings. Empty lines are skipped. Lines are physical lines, so a record's line is where it starts.
/// </summary>
internal sealed class DelimitedTaskReader : IDisposable
{
    private const int BufferSize = 32 * 1024;
    private readonly TextReader _reader;
    private readonly char _delimiter;
    private readonly ImportLimits _limits;
    private int _recordChars;
    private int _recordLine;
    private readonly char[] _chars = new char[BufferSize];
    private readonly StringBuilder _field = new();
    private readonly List<string> _fields = [];
    private int _pos;
    private int _len;
    private bool _eof;
    private int _line = 1;
    private List<string>? _header;

    public DelimitedTaskReader(Stream stream, char delimiter, ImportLimits limits)
    {
        _limits = limits;
        _reader = new StreamReader(stream, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: false, BufferSize, leaveOpen: true);
        _delimiter = delimiter;
    }

    private string FormatName => _delimiter == '\t' ? "TSV" : "CSV";

    public bool TryReadNext(out ImportRecord record)
    {
        record = default;
        if (_header is null)
        {
            ReadHeader();
        }

        var header = _header!;
        if (!TryReadRecord(out var startLine, out var problem))
        {
            return false;
        }

        if (problem is not null)
        {
            record = ImportRecord.FromError(startLine, null, problem);
        }
        else if (_fields.Count != header.Count)
        {
            record = ImportRecord.FromError(startLine, null, string.Create(CultureInfo.InvariantCulture,
                $"The row has {_fields.Count} {(_fields.Count == 1 ? "field" : "fields")} but the header has {header.Count}."));
        }
        else
        {
            record = ImportRecord.FromTask(new ImportedTask(startLine, TaskJsonConverter.CompactObject(header, _fields), header, [], [], null));
        }

        return true;
    }

    private void ReadHeader()
    {
        if (!TryReadRecord(out var line, out var problem))
        {
            throw new ImportFormatException($"The {FormatName} file is empty: it needs a header row naming the data fields.", 1);
        }

        if (problem is not null)
        {
            throw new ImportFormatException($"The {FormatName} header on line {line} cannot be read: {problem}", line);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < _fields.Count; i++)
        {
            var name = _fields[i];
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ImportFormatException(string.Create(CultureInfo.InvariantCulture,
                    $"The {FormatName} header on line {line} has an empty name in column {i + 1}; the first row must name every column (is the header row missing?)."), line);
            }

            if (!seen.Add(name))
            {
                throw new ImportFormatException(
                    $"The {FormatName} header on line {line} names the column \"{name}\" twice; the first row must name every column once (is the header row missing?).", line);
            }
        }

        _header = [.. _fields];
    }

    /// <summary>Reads one record into <see cref="_fields"/>; false at the end of the file.</summary>
    private bool TryReadRecord(out int startLine, out string? problem)
    {
        problem = null;
        _fields.Clear();

        // Skip empty lines.
        while (true)
        {
            var c = Peek();
            if (c == '\n' || c == '\r')
            {
                ConsumeNewline();
                continue;
            }

            if (c < 0)
            {
                startLine = _line;
                return false;
            }

            break;
        }

        startLine = _recordLine = _line;
        _recordChars = 0;
        while (true)
        {
            if (_fields.Count >= _limits.MaxColumns)
            {
                throw new ImportFormatException(string.Create(CultureInfo.InvariantCulture,
                    $"The row on line {startLine} has more than {_limits.MaxColumns:N0} fields; at most {_limits.MaxColumns:N0} columns are allowed."), startLine);
            }

            _field.Clear();
            if (Peek() == '"')
            {
                var fieldLine = _line;
                Next();
                while (true)
                {
                    var c = Next();
                    if (c < 0)
                    {
                        throw new ImportFormatException(string.Create(CultureInfo.InvariantCulture,
                            $"A quoted field that starts on line {fieldLine} is never closed."), fieldLine);
                    }

                    if (c == '"')
                    {
                        if (Peek() == '"')
                        {
                            Next();
                            Append('"');
                            continue;
                        }

                        break;
                    }

                    CountLine(c);
                    Append((char)c);
                }

                var after = Peek();
                if (after >= 0 && after != _delimiter && after != '\n' && after != '\r')
                {
                    problem ??= string.Create(CultureInfo.InvariantCulture,
                        $"Field {_fields.Count + 1} has text after its closing quote; quotes inside a quoted field must be doubled (\"\").");
                    ReadUnquoted();
                }
            }
            else
            {
                ReadUnquoted();
            }

            _fields.Add(_field.ToString());
            var next = Peek();
            if (next == _delimiter)
            {
                Next();
                continue;
            }

            if (next >= 0)
            {
                ConsumeNewline();
            }

            return true;
        }
    }

    private void ReadUnquoted()
    {
        while (true)
        {
            var c = Peek();
            if (c < 0 || c == _delimiter || c == '\n' || c == '\r')
            {
                return;
            }

            Append((char)c);
            _pos++;
        }
    }

    private void Append(char c)
    {
        if (++_recordChars > _limits.MaxRecordBytes)
        {
            throw new ImportFormatException(string.Create(CultureInfo.InvariantCulture,
                $"The row that starts on line {_recordLine} is longer than {_limits.RecordSizeText}; each row may be at most {_limits.RecordSizeText}."), _recordLine);
        }

        _field.Append(c);
    }

    private void ConsumeNewline()
    {
        if (Next() == '\r' && Peek() == '\n')
        {
            Next();
        }

        _line++;
    }

    /// <summary>Counts a line break inside a quoted field (<c>\r\n</c>, <c>\n</c> or a lone <c>\r</c>).</summary>
    private void CountLine(int c)
    {
        if (c == '\n' || (c == '\r' && Peek() != '\n'))
        {
            _line++;
        }
    }

    private int Peek()
    {
        if (_pos == _len && !FillChars())
        {
            return -1;
        }

        return _chars[_pos];
    }

    private int Next()
    {
        var c = Peek();
        if (c >= 0)
        {
            _pos++;
        }

        return c;
    }

    private bool FillChars()
    {
        if (_eof)
        {
            return false;
        }

        _len = _reader.Read(_chars, 0, _chars.Length);
        _pos = 0;
        if (_len == 0)
        {
            _eof = true;
            return false;
        }

        return true;
    }

    public void Dispose() => _reader.Dispose();
}
