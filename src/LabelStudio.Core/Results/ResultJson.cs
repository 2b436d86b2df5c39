using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LabelStudio.Core.Results;

/// <summary>
/// Reads and writes annotation results in Label Studio's JSON shape: an array of
/// <c>{"id","from_name","to_name","type","value","origin", ...}</c> objects.
/// </summary>
public static class ResultJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly HashSet<string> KnownKeys = new(StringComparer.Ordinal)
    {
        "id", "from_name", "to_name", "type", "value", "origin",
    };

    /// <summary>Compact JSON array for <paramref name="result"/>.</summary>
    public static string Serialize(IReadOnlyList<ResultItem> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var output = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            writer.WriteStartArray();
            foreach (var item in result)
            {
                writer.WriteStartObject();
                writer.WriteString("id", item.Id);
                writer.WriteString("from_name", item.FromName);
                writer.WriteString("to_name", item.ToName);
                writer.WriteString("type", item.Type);
                writer.WritePropertyName("value");
                item.Value.WriteTo(writer);
                writer.WriteString("origin", item.Origin);
                if (item.Extra is not null)
                {
                    foreach (var (key, value) in item.Extra)
                    {
                        if (KnownKeys.Contains(key))
                        {
                            continue;
                        }

                        writer.WritePropertyName(key);
                        if (value is null)
                        {
                            writer.WriteNullValue();
                        }
                        else
                        {
                            value.WriteTo(writer);
                        }
                    }
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>
    /// Parses a Label Studio result array. A region without <c>id</c> gets a new one (<see cref="ResultIds.New"/>);
    /// <c>origin</c> defaults to <c>manual</c>. Throws <see cref="FormatException"/> naming the bad item and key.
    /// </summary>
    public static IReadOnlyList<ResultItem> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The result is not valid JSON: {ex.Message}", ex);
        }

        if (root is not JsonArray array)
        {
            throw new FormatException("The result must be a JSON array of regions.");
        }

        var items = new List<ResultItem>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject obj)
            {
                throw new FormatException($"result[{i}] must be a JSON object.");
            }

            var id = OptionalString(obj, "id", i) ?? ResultIds.New();
            var fromName = RequiredString(obj, "from_name", i);
            var toName = RequiredString(obj, "to_name", i);
            var type = RequiredString(obj, "type", i);
            if (obj["value"] is not JsonObject value)
            {
                throw new FormatException($"result[{i}].value must be a JSON object.");
            }

            var origin = OptionalString(obj, "origin", i) ?? "manual";
            JsonObject? extra = null;
            foreach (var (key, node) in obj)
            {
                if (!KnownKeys.Contains(key))
                {
                    extra ??= [];
                    extra[key] = node?.DeepClone();
                }
            }

            items.Add(new ResultItem(id, fromName, toName, type, (JsonObject)value.DeepClone()) { Origin = origin, Extra = extra });
        }

        return items;
    }

    /// <summary>Like <see cref="Parse"/> but reports a problem instead of throwing.</summary>
    public static bool TryParse(string json, out IReadOnlyList<ResultItem> result, out string? error)
    {
        try
        {
            result = Parse(json);
            error = null;
            return true;
        }
        catch (FormatException ex)
        {
            result = [];
            error = ex.Message;
            return false;
        }
    }

    private static string RequiredString(JsonObject obj, string key, int index) =>
        OptionalString(obj, key, index) is { Length: > 0 } value
            ? value
            : throw new FormatException($"result[{index}].{key} is missing.");

    private static string? OptionalString(JsonObject obj, string key, int index)
    {
        var node = obj[key];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.TryGetValue<string>(out var text))
        {
            return text;
        }

        if (key == "id" && node is JsonValue number && number.GetValueKind() == JsonValueKind.Number)
        {
            return number.ToJsonString();
        }

        throw new FormatException($"result[{index}].{key} must be a string.");
    }
}
