using System.Text.Json.Nodes;
using LabelStudio.Consensus;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Core.Results;

namespace LabelStudio.Web.Features.Labeling.Components;

/// <summary>
/// Pure edits of an annotation result. Every method returns a new list, so a parent bound to
/// <c>ResultChanged</c> always sees a new reference.
/// </summary>
public static class ResultEditor
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
    /// (a double-click selection often takes the following space); the bounds then widen to whole graphemes (never half
    /// a surrogate pair, never a letter without its combining accent) or, at word granularity, to whole words. An empty
    /// or duplicate span adds nothing.
    /// </summary>
    public static List<ResultItem> AddSpan(IReadOnlyList<ResultItem> result, LabelsControl control, string text,
        int start, int end, string label, TextGranularity granularity = TextGranularity.Symbol)
    {
        if (Snap(text, start, end, granularity) is not var (from, to) || from == to
            || Spans(result, control).Any(s => s.Start == from && s.End == to && s.Labels.Contains(label)))
        {
            return result.ToList();
        }

        return [.. result, NewSpan(control, text, from, to, [label])];
    }

    /// <summary>A span region of <paramref name="control"/> over text[start..end), e.g. one a lead takes from a rater.</summary>
    public static ResultItem NewSpan(LabelsControl control, string text, int start, int end, IReadOnlyList<string> labels) =>
        new(ResultIdGenerator.NewId(), control.Name, control.ToName, control.ResultType, new JsonObject
        {
            ["start"] = start,
            ["end"] = end,
            ["text"] = text[start..end],
            ["labels"] = new JsonArray(labels.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
        });

    /// <summary>The bounds a selection becomes: trimmed of white space, widened to graphemes or words; null when nothing is left.</summary>
    public static (int Start, int End)? Snap(string text, int start, int end, TextGranularity granularity)
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

        if (start == end)
        {
            return null;
        }

        (start, end) = Graphemes.Widen(text, start, end);
        if (granularity == TextGranularity.Word)
        {
            foreach (var token in Tokenizer.Words(text))
            {
                if (token.Start < start && token.End > start) start = token.Start;
                if (token.Start < end && token.End > end) end = token.End;
            }
        }

        return (start, end);
    }

    /// <summary>How many spans of <paramref name="control"/> carry <paramref name="label"/>.</summary>
    public static int Usage(IEnumerable<ResultItem> result, LabelsControl control, string label) =>
        Spans(result, control).Count(s => s.Labels.Contains(label));

    /// <summary>
    /// A label pressed while a region is selected: single-label controls replace the region's label, multiple-label
    /// controls toggle it (the last label stays). A suggested region becomes "prediction-changed", as in Label Studio.
    /// </summary>
    public static List<ResultItem> ApplyLabel(IReadOnlyList<ResultItem> result, LabelsControl control, string id, string label)
    {
        var list = result.ToList();
        var index = list.FindIndex(r => r.Id == id && r.FromName == control.Name);
        if (index < 0 || TextSpan.From(list[index]) is not { } span)
        {
            return list;
        }

        List<string> labels;
        if (!control.MultipleLabels)
        {
            labels = [label];
        }
        else if (span.Labels.Contains(label))
        {
            labels = span.Labels.Count > 1 ? span.Labels.Where(l => l != label).ToList() : [.. span.Labels];
        }
        else
        {
            // Keep the configuration's order, as Label Studio does.
            labels = control.Labels.Select(l => l.Value).Where(v => v == label || span.Labels.Contains(v)).ToList();
        }

        if (labels.SequenceEqual(span.Labels))
        {
            return list;
        }

        var value = (JsonObject)list[index].Value.DeepClone();
        value["labels"] = new JsonArray(labels.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray());
        list[index] = list[index] with { Value = value, Origin = list[index].Origin == "prediction" ? "prediction-changed" : list[index].Origin };
        return list;
    }

    /// <summary>The regions of a text in reading order: by start, the longer (enclosing) one first.</summary>
    public static IReadOnlyList<TextSpan> InReadingOrder(IEnumerable<TextSpan> spans) =>
        spans.OrderBy(s => s.Start).ThenByDescending(s => s.End).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();

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
