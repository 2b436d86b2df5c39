using System.Globalization;
using System.Text;

namespace LabelStudio.Consensus.Batch;

/// <summary>A buffered UTF-8 CSV writer: quotes fields only when needed, numbers in invariant culture, NaN as empty.</summary>
internal sealed class Utf8CsvWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _used;
    private bool _lineStart = true;

    public Utf8CsvWriter(string path)
    {
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.SequentialScan);
    }

    public void Text(string value)
    {
        if (value.Length < 256)
        {
            Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(value.Length)];
            var count = Encoding.UTF8.GetBytes(value, utf8);
            Utf8(utf8[..count]);
            return;
        }

        Separator();
        var needsQuotes = value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (value.Length > 0 && (value[0] == ' ' || value[^1] == ' '));
        if (!needsQuotes)
        {
            Raw(value);
            return;
        }
        Byte((byte)'"');
        Raw(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        Byte((byte)'"');
    }

    public void Int(long value)
    {
        Separator();
        Ensure(24);
        value.TryFormat(_buffer.AsSpan(_used), out var written, default, CultureInfo.InvariantCulture);
        _used += written;
    }

    /// <summary>Up to 6 decimals (rounded half away from zero), trailing zeros removed; NaN is written as an empty field.</summary>
    public void Number(double value)
    {
        Separator();
        if (!double.IsFinite(value))
        {
            return;
        }
        Ensure(64);
        var span = _buffer.AsSpan(_used);
        if (Math.Abs(value) >= 9e12)
        {
            value.TryFormat(span, out var w, "R", CultureInfo.InvariantCulture);
            _used += w;
            return;
        }
        var scaled = (long)Math.Round(value * 1e6, MidpointRounding.AwayFromZero);
        var written = 0;
        if (scaled < 0)
        {
            span[written++] = (byte)'-';
            scaled = -scaled;
        }
        var integer = scaled / 1_000_000;
        var fraction = (int)(scaled % 1_000_000);
        integer.TryFormat(span[written..], out var n, default, CultureInfo.InvariantCulture);
        written += n;
        if (fraction != 0)
        {
            span[written++] = (byte)'.';
            var digits = 6;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }
            for (var d = digits - 1; d >= 0; d--)
            {
                span[written + d] = (byte)('0' + fraction % 10);
                fraction /= 10;
            }
            written += digits;
        }
        _used += written;
    }

    /// <summary>A UTF-8 field, quoted when needed.</summary>
    public void Utf8(ReadOnlySpan<byte> value)
    {
        Separator();
        var needsQuotes = value.IndexOfAny((byte)',', (byte)'"', (byte)'\n') >= 0 || value.IndexOf((byte)'\r') >= 0
                          || (value.Length > 0 && (value[0] == (byte)' ' || value[^1] == (byte)' '));
        if (!needsQuotes)
        {
            if (value.Length > _buffer.Length)
            {
                Flush();
                _stream.Write(value);
                return;
            }
            Ensure(value.Length);
            value.CopyTo(_buffer.AsSpan(_used));
            _used += value.Length;
            return;
        }
        Byte((byte)'"');
        foreach (var b in value)
        {
            if (b == (byte)'"')
            {
                Byte(b);
            }
            Byte(b);
        }
        Byte((byte)'"');
    }

    public void Bool(bool value)
    {
        Separator();
        Raw(value ? "true" : "false");
    }

    public void EndLine()
    {
        Byte((byte)'\n');
        _lineStart = true;
    }

    public void Header(params string[] names)
    {
        foreach (var name in names)
        {
            Text(name);
        }
        EndLine();
    }

    public void Dispose()
    {
        Flush();
        _stream.Dispose();
    }

    private void Separator()
    {
        if (!_lineStart)
        {
            Byte((byte)',');
        }
        _lineStart = false;
    }

    private void Raw(string value)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max > _buffer.Length)
        {
            Flush();
            var bytes = Encoding.UTF8.GetBytes(value);
            _stream.Write(bytes);
            return;
        }
        Ensure(max);
        _used += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_used));
    }

    private void Byte(byte b)
    {
        Ensure(1);
        _buffer[_used++] = b;
    }

    private void Ensure(int bytes)
    {
        if (_used + bytes > _buffer.Length)
        {
            Flush();
        }
    }

    private void Flush()
    {
        _stream.Write(_buffer, 0, _used);
        _used = 0;
    }
}
