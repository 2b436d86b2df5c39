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
                WriteItem(writer, item, null);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>
    /// One region as a JSON object: the known keys, then each extra key beside them (an extra key that repeats a known
    /// one is left out). <paramref name="options"/> converts values that are not JSON text yet (null: the defaults).
    /// </summary>
    public static void WriteItem(Utf8JsonWriter writer, ResultItem item, JsonSerializerOptions? options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(item);
        writer.WriteStartObject();
        writer.WriteString("id", item.Id);
        writer.WriteString("from_name", item.FromName);
        writer.WriteString("to_name", item.ToName);
        writer.WriteString("type", item.Type);
        WriteNode(writer, "value", item.Value, options);
        writer.WriteString("origin", item.Origin);
        if (item.Extra is not null)
        {
            foreach (var (key, value) in item.Extra)
            {
                if (!KnownKeys.Contains(key))
                {
                    WriteNode(writer, key, value, options);
                }
            }
        }

        writer.WriteEndObject();
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
        catch (ArgumentException ex)
        {
            // A .NET string holding a lone surrogate cannot become UTF-8.
            throw new FormatException($"The result is not valid text: {ex.Message}", ex);
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

            items.Add(ReadItem(obj, $"result[{i}]"));
        }

        return items;
    }

    /// <summary>
    /// One region from its JSON object (copied, <paramref name="obj"/> is left as it is); <paramref name="where"/> names it
    /// in the <see cref="FormatException"/> a bad key gives, e.g. <c>result[2]</c>.
    /// </summary>
    public static ResultItem ReadItem(JsonObject obj, string where)
    {
        ArgumentNullException.ThrowIfNull(obj);
        try
        {
            var id = OptionalString(obj, "id", where) ?? ResultIds.New();
            var fromName = RequiredString(obj, "from_name", where);
            var toName = RequiredString(obj, "to_name", where);
            var type = RequiredString(obj, "type", where);
            if (obj["value"] is not JsonObject value)
            {
                throw new FormatException($"{where}.value must be a JSON object.");
            }

            var origin = OptionalString(obj, "origin", where) ?? "manual";
            JsonObject? extra = null;
            foreach (var (key, node) in obj)
            {
                if (!KnownKeys.Contains(key))
                {
                    extra ??= [];
                    extra[key] = node?.DeepClone();
                }
            }

            return new ResultItem(id, fromName, toName, type, (JsonObject)value.DeepClone()) { Origin = origin, Extra = extra };
        }
        catch (InvalidOperationException ex)
        {
            // Valid JSON, but a key or string is a lone UTF-16 surrogate escape (e.g. "\ud800"), which is no text.
            throw new FormatException($"{where} holds a key or string that is not valid text (a lone UTF-16 surrogate escape).", ex);
        }
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

    private static void WriteNode(Utf8JsonWriter writer, string name, JsonNode? node, JsonSerializerOptions? options)
    {
        writer.WritePropertyName(name);
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer, options);
        }
    }

    private static string RequiredString(JsonObject obj, string key, string where) =>
        OptionalString(obj, key, where) is { Length: > 0 } value
            ? value
            : throw new FormatException($"{where}.{key} is missing.");

    private static string? OptionalString(JsonObject obj, string key, string where)
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

        throw new FormatException($"{where}.{key} must be a string.");
    }
}
