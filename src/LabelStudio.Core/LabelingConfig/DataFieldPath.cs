using System.Globalization;
using System.Text.Json.Nodes;

namespace LabelStudio.Core.LabelingConfig;

/// <summary>
/// Resolves a Label Studio data reference (the part after <c>$</c>, e.g. <c>text</c>, <c>meta.title</c>,
/// <c>pages[0]</c>) against a task's data object. A top-level key that literally matches wins over a path.
/// </summary>
public static class DataFieldPath
{
    /// <summary>The top-level data key a field reads (<c>a.b[0]</c> reads <c>a</c>).</summary>
    public static string RootKey(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var end = field.IndexOfAny(['.', '[']);
        return end > 0 ? field[..end] : field;
    }

    /// <summary>Finds the value for <paramref name="field"/>; <c>found</c> is false when the path does not exist.</summary>
    public static bool TryResolve(JsonObject data, string field, out JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(field);
        if (data.TryGetPropertyValue(field, out value))
        {
            return true;
        }

        value = null;
        JsonNode? current = data;
        var i = 0;
        while (i < field.Length)
        {
            if (field[i] == '[')
            {
                var close = field.IndexOf(']', i);
                if (close < 0 || current is not JsonArray array
                    || !int.TryParse(field.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                    || index >= array.Count)
                {
                    return false;
                }

                current = array[index];
                i = close + 1;
                if (i < field.Length && field[i] == '.')
                {
                    i++;
                }

                continue;
            }

            var end = field.IndexOfAny(['.', '['], i);
            if (end < 0)
            {
                end = field.Length;
            }

            var key = field[i..end];
            if (current is not JsonObject obj || !obj.TryGetPropertyValue(key, out current))
            {
                return false;
            }

            i = end < field.Length && field[end] == '.' ? end + 1 : end;
        }

        value = current;
        return true;
    }

    /// <summary>
    /// The text a field holds, as a Text object shows it and span offsets count it: a string as is, a number or a
    /// boolean as written in JSON; null when the field is missing or holds an object, an array or null.
    /// </summary>
    public static string? TextOf(JsonObject? data, string field)
    {
        if (data is null || !TryResolve(data, field, out var node) || node is not JsonValue value)
        {
            return null;
        }

        return value.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => value.GetValue<string>(),
            System.Text.Json.JsonValueKind.Number or System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => value.ToJsonString(),
            _ => null,
        };
    }
}
