using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LabelStudio.Consensus;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Core.Results;

namespace LabelStudio.Quality;

/// <summary>
/// Turns one annotation's Label Studio result into the engine's inputs, per control. Only rater answers enter the
/// consensus: skips (<c>WasSkipped</c>) and imported annotations (<c>Source = Imported</c>) are filtered out by the
/// callers, because a skip is no opinion and an import has no rater to weigh. Values that the current configuration
/// does not declare (e.g. a choice removed in a later config version) count as no answer.
/// </summary>
public static class AnnotationMapping
{
    /// <summary>Single choice: the index of the chosen option in declared order; null when unanswered.</summary>
    public static int? Category(ConsensusControl control, IReadOnlyList<ResultItem> result)
    {
        foreach (var item in ItemsOf(control, result))
        {
            if (item.Value["choices"] is JsonArray { Count: > 0 } choices && choices[0] is JsonValue v
                && v.TryGetValue<string>(out var choice))
            {
                var index = IndexOf(control.Categories, choice);
                return index >= 0 ? index : null;
            }
        }
        return null;
    }

    /// <summary>
    /// Multiple choice: bit i set when declared choice i is selected. A result without the control is the empty set
    /// (Label Studio drops the region when nothing is ticked, and "none of these" is an answer).
    /// </summary>
    public static ulong ChoiceMask(ConsensusControl control, IReadOnlyList<ResultItem> result)
    {
        ulong mask = 0;
        foreach (var item in ItemsOf(control, result))
        {
            if (item.Value["choices"] is not JsonArray choices) continue;
            foreach (var node in choices)
            {
                if (node is JsonValue v && v.TryGetValue<string>(out var choice) && IndexOf(control.Categories, choice) is var i and >= 0)
                {
                    mask |= 1UL << i;
                }
            }
        }
        return mask;
    }

    /// <summary>Rating: the number given; null when unanswered or out of 1..max.</summary>
    public static double? Rating(ConsensusControl control, IReadOnlyList<ResultItem> result)
    {
        foreach (var item in ItemsOf(control, result))
        {
            if (item.Value["rating"] is JsonValue v && v.GetValueKind() == JsonValueKind.Number
                && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var rating)
                && rating >= 1 && rating <= control.Categories.Count)
            {
                return rating;
            }
        }
        return null;
    }

    /// <summary>
    /// Labels: every span (start, end, label index) with a declared label, one per label of a region that carries several;
    /// empty when none was marked.
    /// </summary>
    public static IReadOnlyList<LabeledSpan> Spans(ConsensusControl control, IReadOnlyList<ResultItem> result)
    {
        var spans = new List<LabeledSpan>();
        foreach (var item in ItemsOf(control, result))
        {
            if (item.Value["labels"] is not JsonArray labels || Int(item.Value["start"]) is not { } start
                || Int(item.Value["end"]) is not { } end || start >= end) continue;
            foreach (var node in labels)
            {
                if (node is JsonValue lv && lv.TryGetValue<string>(out var label) && IndexOf(control.Categories, label) is var index and >= 0)
                {
                    spans.Add(new LabeledSpan(start, end, index));
                }
            }
        }
        return spans;
    }

    /// <summary>TextArea: the lines joined with newlines; null when unanswered.</summary>
    public static string? Text(ConsensusControl control, IReadOnlyList<ResultItem> result)
    {
        List<string>? lines = null;
        foreach (var item in ItemsOf(control, result))
        {
            switch (item.Value["text"])
            {
                case JsonValue v when v.TryGetValue<string>(out var one):
                    (lines ??= []).Add(one);
                    break;
                case JsonArray array:
                    foreach (var node in array)
                    {
                        if (node is JsonValue e && e.TryGetValue<string>(out var line)) (lines ??= []).Add(line);
                    }
                    break;
            }
        }
        return lines is null ? null : string.Join('\n', lines);
    }

    /// <summary>The text a Labels control marks spans on, from the task's data; null when it cannot be read.</summary>
    public static string? TaskText(ConsensusControl control, JsonObject? data) =>
        control.TextField is null ? null : DataFieldPath.TextOf(data, control.TextField);

    /// <summary>The text the first Labels control marks spans on (for rendering spans), or null without one.</summary>
    public static string? SpanText(IReadOnlyList<ConsensusControl> controls, JsonObject? data) =>
        controls.FirstOrDefault(c => c.Kind == ConsensusKind.Spans) is { } spans ? TaskText(spans, data) : null;

    /// <summary>Parses a task's data JSON (null when it is not an object).</summary>
    public static JsonObject? ParseData(string dataJson)
    {
        try
        {
            return JsonNode.Parse(dataJson) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IEnumerable<ResultItem> ItemsOf(ConsensusControl control, IReadOnlyList<ResultItem> result)
    {
        foreach (var item in result)
        {
            if (item.FromName == control.Name) yield return item;
        }
    }

    private static int IndexOf(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], value, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    private static int? Int(JsonNode? node)
    {
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number) return null;
        return double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
               && d == Math.Floor(d) && d is >= 0 and <= int.MaxValue ? (int)d : null;
    }
}
