using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LabelStudio.Data.Datasets.Formats;

/// <summary>JSON writing shared by the JSON formats: readable non-ASCII text, invariant numbers, UTC times.</summary>
internal static class JsonOutput
{
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    public static readonly JsonSerializerOptions Serializer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case long l: writer.WriteNumberValue(l); break;
            case int i: writer.WriteNumberValue(i); break;
            case double d: writer.WriteNumberValue(d); break;
            case JsonNode node: node.WriteTo(writer, Serializer); break;
            default: writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    public static string Time(DateTime time) =>
        DateTime.SpecifyKind(time, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Writes stored JSON (task data, a result) as it is, or null when it is empty.</summary>
    public static void WriteRaw(Utf8JsonWriter writer, string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) writer.WriteNullValue();
        else writer.WriteRawValue(json, skipInputValidation: true);
    }
}
