using System.Text.Json.Nodes;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Core.Results;

namespace LabelStudio.Web.Features.Labeling.Components;

/// <summary>
/// Pure edits of an annotation result. Every method returns a new list, so a parent bound to
/// <c>ResultChanged</c> always sees a new reference.
/// </summary>
internal static class ResultEditor
{
    public static IEnumerable<ResultItem> ItemsOf(IEnumerable<ResultItem> result, ControlTag control) =>
        result.Where(r => r.FromName == control.Name);

    public static IReadOnlyList<string> SelectedChoices(IEnumerable<ResultItem> result, ChoicesControl control) =>
        ItemsOf(result, control).SelectMany(r => r.Value["choices"] as JsonArray ?? [])
            .Select(n => n?.GetValue<string>()).OfType<string>().ToList();

    /// <summary>Click or hotkey on a choice: single modes select it (or clear it when it was the one selected), multiple toggles it.</summary>
    public static List<ResultItem> ToggleChoice(IReadOnlyList<ResultItem> result, ChoicesControl control, string value)
    {
        var selected = SelectedChoices(result, control).ToList();
        if (control.Mode == ChoiceMode.Multiple)
        {
            if (!selected.Remove(value))
            {
                selected.Add(value);
            }

            // Keep the configuration's order, as Label Studio does.
            selected = control.Options.Select(o => o.Value).Where(selected.Contains).ToList();
        }
        else
        {
            selected = selected is [var only] && only == value ? [] : [value];
        }

        return selected.Count == 0
            ? Without(result, control)
            : Upsert(result, control, new JsonObject { ["choices"] = new JsonArray(selected.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()) });
    }

    public static int? Rating(IEnumerable<ResultItem> result, RatingControl control) =>
        ItemsOf(result, control).Select(r => r.Value["rating"]?.GetValue<int>()).FirstOrDefault(v => v is not null);

    /// <summary>Sets the rating; choosing the current rating again clears it.</summary>
    public static List<ResultItem> SetRating(IReadOnlyList<ResultItem> result, RatingControl control, int rating)
    {
        if (rating < 1 || rating > control.MaxRating)
        {
            return result.ToList();
        }

        return Rating(result, control) == rating
            ? Without(result, control)
            : Upsert(result, control, new JsonObject { ["rating"] = rating });
    }

    public static string TextOf(IEnumerable<ResultItem> result, TextAreaControl control) =>
        ItemsOf(result, control).SelectMany(r => r.Value["text"] as JsonArray ?? [])
            .Select(n => n?.GetValue<string>()).FirstOrDefault(s => s is not null) ?? "";

    public static List<ResultItem> SetText(IReadOnlyList<ResultItem> result, TextAreaControl control, string? text) =>
        string.IsNullOrEmpty(text)
            ? Without(result, control)
            : Upsert(result, control, new JsonObject { ["text"] = new JsonArray(JsonValue.Create(text)) });

    public static IReadOnlyList<TextSpan> Spans(IEnumerable<ResultItem> result, LabelsControl control) =>
        ItemsOf(result, control).Select(TextSpan.From).OfType<TextSpan>().ToList();

    /// <summary>
    /// Adds a span over <paramref name="text"/>[start..end) with one label. Whitespace at either edge is trimmed
    /// (a double-click selection often takes the following space); an empty or duplicate span adds nothing.
    /// </summary>
    public static List<ResultItem> AddSpan(IReadOnlyList<ResultItem> result, LabelsControl control, string text,
        int start, int end, string label)
    {
        start = Math.Clamp(start, 0, text.Length);
        end = Math.Clamp(end, 0, text.Length);
        if (end < start)
        {
            (start, end) = (end, start);
        }

        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (start == end || Spans(result, control).Any(s => s.Start == start && s.End == end && s.Label == label))
        {
            return result.ToList();
        }

        var value = new JsonObject
        {
            ["start"] = start,
            ["end"] = end,
            ["text"] = text[start..end],
            ["labels"] = new JsonArray(JsonValue.Create(label)),
        };
        return [.. result, new ResultItem(ResultIdGenerator.NewId(), control.Name, control.ToName, control.ResultType, value)];
    }

    public static List<ResultItem> RemoveById(IReadOnlyList<ResultItem> result, string id) =>
        result.Where(r => r.Id != id).ToList();

    public static bool HasAnswer(IEnumerable<ResultItem> result, ControlTag control) => control switch
    {
        ChoicesControl choices => SelectedChoices(result, choices).Count > 0,
        LabelsControl labels => Spans(result, labels).Count > 0,
        RatingControl rating => Rating(result, rating) is not null,
        TextAreaControl textArea => !string.IsNullOrWhiteSpace(TextOf(result, textArea)),
        _ => ItemsOf(result, control).Any(),
    };

    private static List<ResultItem> Upsert(IReadOnlyList<ResultItem> result, ControlTag control, JsonObject value)
    {
        var list = result.ToList();
        var index = list.FindIndex(r => r.FromName == control.Name);
        if (index < 0)
        {
            list.Add(new ResultItem(ResultIdGenerator.NewId(), control.Name, control.ToName, control.ResultType, value));
        }
        else
        {
            var kept = list[index] with { Value = value };
            list[index] = kept;
            list.RemoveAll(r => r.FromName == control.Name && !ReferenceEquals(r, kept));
        }

        return list;
    }

    private static List<ResultItem> Without(IReadOnlyList<ResultItem> result, ControlTag control) =>
        result.Where(r => r.FromName != control.Name).ToList();
}
