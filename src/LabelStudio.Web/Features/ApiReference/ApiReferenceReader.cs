using System.Text;
using System.Text.Json;

namespace LabelStudio.Web.Features.ApiReference;

/// <summary>
/// Turns an OpenAPI 3.x JSON document into the reference page's model: operations grouped by tag (in the document's
/// order), with parameters, request body and responses, and schemas written out as readable text (references resolved
/// a few levels deep, then named).
/// </summary>
public static class ApiReferenceReader
{
    private const int MaxDepth = 3;
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    public static IReadOnlyList<ApiTagGroup> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var schemas = root.TryGetProperty("components", out var components) && components.TryGetProperty("schemas", out var s)
            ? s : default;
        var operations = new List<ApiOperation>();
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in Methods)
            {
                if (!path.Value.TryGetProperty(method, out var op)) continue;
                operations.Add(ReadOperation(method.ToUpperInvariant(), path.Name, op, schemas));
            }
        }
        return operations.GroupBy(o => o.Tag).Select(g => new ApiTagGroup(g.Key, g.ToList())).ToList();
    }

    private static ApiOperation ReadOperation(string method, string path, JsonElement op, JsonElement schemas)
    {
        var tag = op.TryGetProperty("tags", out var tags) && tags.GetArrayLength() > 0 ? tags[0].GetString() ?? "Other" : "Other";
        var parameters = op.TryGetProperty("parameters", out var ps)
            ? ps.EnumerateArray().Select(p => new ApiParameter(
                p.GetProperty("name").GetString() ?? "", p.GetProperty("in").GetString() ?? "",
                p.TryGetProperty("schema", out var schema) ? TypeName(schema) : "string",
                p.TryGetProperty("required", out var r) && r.GetBoolean())).ToList()
            : [];
        var body = op.TryGetProperty("requestBody", out var rb) ? ReadBody(rb, schemas) : null;
        var responses = op.TryGetProperty("responses", out var rs)
            ? rs.EnumerateObject().Select(r => new ApiResponse(r.Name,
                r.Value.TryGetProperty("description", out var d) ? d.GetString() ?? "" : "", ReadBody(r.Value, schemas))).ToList()
            : [];
        return new ApiOperation(method, path, tag, op.TryGetProperty("summary", out var summary) ? summary.GetString() : null,
            parameters, body, responses);
    }

    private static ApiBody? ReadBody(JsonElement holder, JsonElement schemas)
    {
        if (!holder.TryGetProperty("content", out var content)) return null;
        var types = content.EnumerateObject().ToList();
        if (types.Count == 0) return null;
        var schema = types[0].Value.TryGetProperty("schema", out var s) ? Describe(s, schemas) : "";
        return new ApiBody(types.Select(t => t.Name).ToList(), schema);
    }

    /// <summary>A schema as text: a type name, or an object written out with one property a line.</summary>
    public static string Describe(JsonElement schema, JsonElement schemas)
    {
        var text = new StringBuilder();
        Write(text, schema, schemas, 0, []);
        return text.ToString();
    }

    private static void Write(StringBuilder text, JsonElement schema, JsonElement schemas, int depth, HashSet<string> seen)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = RefName(reference.GetString());
            text.Append(name);
            if (depth >= MaxDepth || seen.Contains(name) || schemas.ValueKind != JsonValueKind.Object
                || !schemas.TryGetProperty(name, out var target) || !target.TryGetProperty("properties", out _))
            {
                return;
            }
            text.Append(' ');
            Write(text, target, schemas, depth, [.. seen, name]);
            return;
        }
        if (schema.TryGetProperty("properties", out var properties))
        {
            var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()).ToHashSet() : [];
            text.Append("{\n");
            foreach (var property in properties.EnumerateObject())
            {
                text.Append(' ', (depth + 1) * 2).Append(property.Name).Append(required.Contains(property.Name) ? ": " : "?: ");
                Write(text, property.Value, schemas, depth + 1, seen);
                text.Append('\n');
            }
            text.Append(' ', depth * 2).Append('}');
            return;
        }
        if (Type(schema) == "array" && schema.TryGetProperty("items", out var items))
        {
            Write(text, items, schemas, depth, seen);
            text.Append("[]");
            return;
        }
        text.Append(TypeName(schema));
    }

    /// <summary>A one-line type name: "integer (int64)", "string | null", "ApiTokenView[]".</summary>
    public static string TypeName(JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference)) return RefName(reference.GetString());
        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema.TryGetProperty(combinator, out var options))
            {
                return string.Join(" | ", options.EnumerateArray().Select(TypeName).Distinct());
            }
        }
        var type = Type(schema);
        if (type == "array" && schema.TryGetProperty("items", out var items)) return TypeName(items) + "[]";
        if (schema.TryGetProperty("enum", out var values))
        {
            return string.Join(" | ", values.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? $"\"{v.GetString()}\"" : v.ToString()));
        }
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        return (type ?? "any") + (format is null ? "" : $" ({format})");
    }

    private static string? Type(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type)) return null;
        if (type.ValueKind != JsonValueKind.Array) return type.GetString();
        var types = type.EnumerateArray().Select(t => t.GetString() ?? "").ToList();
        // Numbers are also accepted as numeric strings; the reader wants the number.
        if (types.Contains("integer") || types.Contains("number")) types.Remove("string");
        return string.Join(" | ", types);
    }

    private static string RefName(string? reference) => reference?[(reference.LastIndexOf('/') + 1)..] ?? "?";
}
