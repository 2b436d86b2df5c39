using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LabelStudio.Core.Import;

/// <summary>
/// Finds the string of a parsed task that cannot be read as text: valid JSON can still hold a lone UTF-16 surrogate
/// escape such as <c>"\ud800"</c>, which System.Text.Json refuses to turn into a string (it throws
/// <see cref="InvalidOperationException"/>, not <see cref="JsonException"/>).
/// </summary>
internal static class UnreadableText
{
    public const string Reason = "is not valid text: it holds a lone UTF-16 surrogate escape (such as \\ud800) that no character matches.";

    /// <summary>The exceptions System.Text.Json and its text conversions throw for JSON that parses but cannot be read.</summary>
    public static bool IsTextError(Exception ex) =>
        ex is InvalidOperationException or ArgumentException or FormatException or OverflowException or DecoderFallbackException;

    /// <summary>
    /// The error for a task whose data or results could not be read: it names the unreadable key or string (e.g.
    /// <c>data.text</c>, <c>annotations[0].result[1].value.choices[0]</c>) when there is one.
    /// </summary>
    public static ImportError Error(ImportedTask task, Exception ex)
    {
        var found = Locate(task.DataJson, "data");
        for (var i = 0; found is null && i < task.Annotations.Count; i++)
        {
            found = Locate(task.Annotations[i].ResultJson, $"annotations[{i}].result");
        }

        for (var i = 0; found is null && i < task.Predictions.Count; i++)
        {
            found = Locate(task.Predictions[i].ResultJson, $"predictions[{i}].result");
        }

        return found is null
            ? new ImportError(task.Line, null, $"The task cannot be read: {ex.Message}")
            : new ImportError(task.Line, found, $"\"{found}\" {Reason}");
    }

    private static string? Locate(string json, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Find(document.RootElement, path);
        }
        catch (Exception ex) when (ex is JsonException || IsTextError(ex))
        {
            // A string that is not even UTF-16 on our side: the whole part is unreadable.
            return path;
        }
    }

    /// <summary>The path of the first key or string value under <paramref name="element"/> that cannot be read, or null.</summary>
    public static string? Find(JsonElement element, string? path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsReadable(element) ? null : path ?? "";
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!TryName(property, out var name))
                    {
                        return path is null ? "(a key)" : path + ".(a key)";
                    }

                    if (Find(property.Value, path is null ? name : $"{path}.{name}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Find(item, string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]")) is { } found)
                    {
                        return found;
                    }

                    index++;
                }

                return null;
            default:
                return null;
        }
    }

    private static bool IsReadable(JsonElement value)
    {
        try
        {
            _ = value.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool TryName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = "";
            return false;
        }
    }
}
