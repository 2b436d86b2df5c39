using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

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

    /// <summary>The hash of <paramref name="dataJson"/> (a task's <c>data</c> object).</summary>
    public static long Of(string dataJson)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, dataJson.Length + 64));
        WriteCanonical(dataJson, buffer);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, digest);
        return BinaryPrimitives.ReadInt64BigEndian(digest);
    }

    /// <summary>The canonical form of <paramref name="dataJson"/>; two data with the same form are the same data.</summary>
    public static string Canonical(string dataJson)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, dataJson.Length + 64));
        WriteCanonical(dataJson, buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteCanonical(string dataJson, IBufferWriter<byte> output)
    {
        using var document = JsonDocument.Parse(dataJson);
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        Write(document.RootElement, writer);
    }

    private static void Write(JsonElement element, Utf8JsonWriter writer)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                var properties = element.EnumerateObject().ToList();
                // A stable sort: repeated keys (which JSON allows) keep their order.
                var ordered = properties.Select((p, i) => (p, i)).OrderBy(x => x.p.Name, StringComparer.Ordinal).ThenBy(x => x.i);
                foreach (var (property, _) in ordered)
                {
                    writer.WritePropertyName(property.Name);
                    Write(property.Value, writer);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray()) Write(item, writer);
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(CanonicalNumber(element.GetRawText()), skipInputValidation: true);
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
