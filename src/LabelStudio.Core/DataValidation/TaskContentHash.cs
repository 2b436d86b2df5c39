using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Runtime.InteropServices;

namespace LabelStudio.Core.DataValidation;

/// <summary>
/// The content hash of a task's data: the first 64 bits of the SHA-256 of its canonical JSON. Canonical means object
/// keys sorted by UTF-16 code unit (RFC 8785's order), no whitespace, strings re-escaped one way (so "é" and
/// "\u00e9" agree), and numbers by value (1, 1.0 and 1e0 agree; a number with more than 28 significant digits keeps
/// its text). Array order and value types count: [1, 2] is not [2, 1], and "1" is not 1.
/// 64 bits are enough because a hit is only a candidate: whoever finds one compares the canonical data before calling
/// it a duplicate. SHA-256 rather than a fast non-cryptographic hash so that nobody can craft data that collides.
/// </summary>
public static class TaskContentHash
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false, SkipValidation = true,
    };

    // One buffer and writer per thread, reset for each task: hashing a file allocates nothing per task but the
    // property names of its objects.
    [ThreadStatic] private static ArrayBufferWriter<byte>? _buffer;
    [ThreadStatic] private static Utf8JsonWriter? _writer;

    /// <summary>The hash of <paramref name="dataJson"/> (a task's <c>data</c> object).</summary>
    public static long Of(string dataJson)
    {
        using var document = JsonDocument.Parse(dataJson);
        return Of(document.RootElement);
    }

    /// <summary>The hash of an already parsed <c>data</c> object (the import hashes what its reader parsed).</summary>
    public static long Of(JsonElement data)
    {
        var buffer = WriteCanonical(data);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, digest);
        return BinaryPrimitives.ReadInt64BigEndian(digest);
    }

    /// <summary>The canonical form of <paramref name="dataJson"/>; two data with the same form are the same data.</summary>
    public static string Canonical(string dataJson)
    {
        using var document = JsonDocument.Parse(dataJson);
        return System.Text.Encoding.UTF8.GetString(WriteCanonical(document.RootElement).WrittenSpan);
    }

    /// <summary>Writes the canonical form into this thread's buffer, valid until the next call.</summary>
    private static ArrayBufferWriter<byte> WriteCanonical(JsonElement element)
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        if (_writer is { } writer) writer.Reset(buffer);
        else writer = _writer = new Utf8JsonWriter(buffer, WriterOptions);
        Write(element, writer);
        writer.Flush();
        // A rare huge task should not pin its buffer for the life of the thread.
        if (buffer.Capacity > 1 << 20) _buffer = null;
        return buffer;
    }

    private static void Write(JsonElement element, Utf8JsonWriter writer)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                WriteProperties(element, writer);
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray()) Write(item, writer);
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                var raw = JsonMarshal.GetRawUtf8Value(element);
                // Without escapes the raw text (between its quotes) is the value itself, already checked as UTF-8.
                if (raw.IndexOf((byte)'\\') < 0) writer.WriteStringValue(raw[1..^1]);
                else writer.WriteStringValue(element.GetString());
                break;
            case JsonValueKind.Number:
                var number = JsonMarshal.GetRawUtf8Value(element);
                if (IsPlainInteger(number)) writer.WriteRawValue(number, skipInputValidation: true);
                else writer.WriteRawValue(CanonicalNumber(element.GetRawText()), skipInputValidation: true);
                break;
            case JsonValueKind.True:
                writer.WriteBooleanValue(true);
                break;
            case JsonValueKind.False:
                writer.WriteBooleanValue(false);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static void WriteProperties(JsonElement element, Utf8JsonWriter writer)
    {
        var count = 0;
        foreach (var _ in element.EnumerateObject()) count++;
        if (count == 0) return;
        var properties = ArrayPool<(string Name, int Index, JsonElement Value)>.Shared.Rent(count);
        try
        {
            var i = 0;
            foreach (var property in element.EnumerateObject()) properties[i] = (property.Name, i++, property.Value);
            // Ordinal on the names, then file order: a stable sort, so repeated keys (which JSON allows) keep their order.
            Array.Sort(properties, 0, count, PropertyOrder.Instance);
            for (i = 0; i < count; i++)
            {
                writer.WritePropertyName(properties[i].Name);
                Write(properties[i].Value, writer);
            }
        }
        finally
        {
            ArrayPool<(string, int, JsonElement)>.Shared.Return(properties, clearArray: true);
        }
    }

    /// <summary>An integer of at most 18 digits, without leading zeros or "-0": its canonical form is its text.</summary>
    private static bool IsPlainInteger(ReadOnlySpan<byte> number)
    {
        var digits = number.Length > 0 && number[0] == (byte)'-' ? number[1..] : number;
        if (digits.Length is 0 or > 18 || digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0) return false;
        return digits[0] != (byte)'0' || (digits.Length == 1 && digits.Length == number.Length);
    }

    private sealed class PropertyOrder : IComparer<(string Name, int Index, JsonElement Value)>
    {
        public static readonly PropertyOrder Instance = new();

        public int Compare((string Name, int Index, JsonElement Value) x, (string Name, int Index, JsonElement Value) y)
        {
            var byName = string.CompareOrdinal(x.Name, y.Name);
            return byName != 0 ? byName : x.Index.CompareTo(y.Index);
        }
    }

    private static string CanonicalNumber(string raw)
    {
        if (!decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return raw;
        // decimal keeps trailing zeros (1.50m); dividing by 1.000… drops them so 1.5 and 1.50 agree.
        var text = (value / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
        if (text == "-0") text = "0";
        // Beyond decimal's 28 digits the parse rounds: keep such a number's text rather than merge it with a neighbour.
        return Digits(text) == Digits(raw) ? text : raw;
    }

    /// <summary>The significant digits of a number's mantissa, without leading or trailing zeros.</summary>
    private static string Digits(string number)
    {
        var mantissa = number.AsSpan();
        var e = mantissa.IndexOfAny('e', 'E');
        if (e >= 0) mantissa = mantissa[..e];
        var digits = new System.Text.StringBuilder(mantissa.Length);
        foreach (var c in mantissa)
        {
            if (c is >= '0' and <= '9' && (digits.Length > 0 || c != '0')) digits.Append(c);
        }
        return digits.ToString().TrimEnd('0');
    }
}
