using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LabelStudio.Core.LabelingConfig;

namespace LabelStudio.Core.Results;

/// <summary>
/// Checks a rater's result against the labeling configuration before it is saved, and returns problems a rater can
/// act on, each keyed by the control it concerns (e.g. <c>sentiment</c>: <c>Sentiment is required.</c>) so a screen can
/// show it next to that control; problems with no control (a region naming an unknown control) use the key
/// <see cref="ResultKey"/>. An empty list means the result is acceptable.
/// </summary>
public static class AnnotationValidator
{
    /// <summary>The key of problems that belong to no control of the configuration.</summary>
    public const string ResultKey = "result";

    /// <summary>The messages of <see cref="Check"/>, without their keys.</summary>
    public static IReadOnlyList<string> Validate(LabelingConfiguration config, IReadOnlyList<ResultItem> result, JsonObject? taskData,
        IReadOnlyCollection<string>? noEntities = null) =>
        Check(config, result, taskData, noEntities).Select(p => p.Message).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Validates <paramref name="result"/>. <paramref name="taskData"/> (the task's data object) is used to check
    /// text spans; when null, span bounds and text are not checked against the task. <paramref name="noEntities"/> names
    /// the Labels controls the rater answered with "no entities": such a control counts as answered and must have no span.
    /// </summary>
    public static IReadOnlyList<AnnotationProblem> Check(LabelingConfiguration config, IReadOnlyList<ResultItem> result, JsonObject? taskData,
        IReadOnlyCollection<string>? noEntities = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(result);
        var problems = new List<AnnotationProblem>();
        var answered = new HashSet<string>(StringComparer.Ordinal);
        var seenWhole = new HashSet<string>(StringComparer.Ordinal);
        var flagged = new HashSet<string>(StringComparer.Ordinal);
        var usages = new Dictionary<(string Control, string Label), int>();
        var boundaries = new Dictionary<string, bool[]>(ReferenceEqualityComparer.Instance);
        foreach (var item in result)
        {
            var control = config.FindControl(item.FromName);
            if (control is null)
            {
                problems.Add(new(ResultKey, $"The result refers to \"{item.FromName}\", which is not part of this labeling configuration."));
                continue;
            }

            var messages = new List<string>();
            var display = DisplayName(control);
            var ok = false;
            if (item.ToName != control.ToName)
            {
                messages.Add($"{display} labels \"{control.ToName}\", but the result points at \"{item.ToName}\".");
            }
            else if (!string.Equals(item.Type, control.ResultType, StringComparison.OrdinalIgnoreCase))
            {
                messages.Add($"{display} gives \"{control.ResultType}\" results, but the result has type \"{item.Type}\".");
            }
            else if (control is not LabelsControl && !seenWhole.Add(control.Name))
            {
                messages.Add($"{display} is answered more than once.");
            }
            else
            {
                ok = control switch
                {
                    ChoicesControl choices => CheckChoices(choices, display, item.Value, messages),
                    LabelsControl labels => CheckSpan(config, labels, display, item.Value, taskData, messages, usages, boundaries),
                    RatingControl rating => CheckRating(rating, display, item.Value, messages),
                    TextAreaControl textArea => CheckTextArea(display, item.Value, messages),
                    _ => true,
                };
            }

            if (ok)
            {
                answered.Add(control.Name);
            }

            if (messages.Count > 0)
            {
                flagged.Add(control.Name);
                problems.AddRange(messages.Select(m => new AnnotationProblem(control.Name, m)));
            }
        }

        foreach (var ((name, label), count) in usages)
        {
            if (config.FindControl(name) is LabelsControl labels && labels.MaxUsagesOf(label) is { } max && count > max)
            {
                problems.Add(new(name, string.Create(CultureInfo.InvariantCulture,
                    $"{DisplayName(labels)}: \"{label}\" may be used at most {max} {(max == 1 ? "time" : "times")} per task; it is used {count} times.")));
                flagged.Add(name);
            }
        }

        foreach (var name in noEntities ?? [])
        {
            if (config.FindControl(name) is not LabelsControl labels)
            {
                problems.Add(new(config.FindControl(name) is null ? ResultKey : name,
                    $"\"{name}\" is not a Labels control, so it cannot be answered with \"no entities\"."));
                continue;
            }

            var spans = result.Count(i => i.FromName == name);
            if (spans > 0)
            {
                problems.Add(new(name, string.Create(CultureInfo.InvariantCulture,
                    $"{DisplayName(labels)} is answered with \"no entities\", but the result marks {spans} {(spans == 1 ? "span" : "spans")}.")));
                flagged.Add(name);
            }
            else
            {
                answered.Add(name);
            }
        }

        foreach (var control in config.Controls)
        {
            if (control.Required && !answered.Contains(control.Name) && !flagged.Contains(control.Name))
            {
                problems.Add(new(control.Name, control is LabelsControl
                    ? $"{DisplayName(control)} is required: mark at least one span, or answer \"No entities\"."
                    : $"{DisplayName(control)} is required."));
            }
        }

        return problems.Distinct().ToList();
    }

    /// <summary>Problems grouped by key, in the shape of validation problem details (<c>errors</c>).</summary>
    public static IReadOnlyDictionary<string, string[]> ByKey(IEnumerable<AnnotationProblem> problems) =>
        problems.GroupBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Message).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);

    /// <summary>The name shown to raters for a control: its name with the first letter upper-cased and _/- as spaces.</summary>
    public static string DisplayName(ControlTag control)
    {
        ArgumentNullException.ThrowIfNull(control);
        var name = control.Name.Replace('_', ' ').Replace('-', ' ').Trim();
        return name.Length == 0 ? control.Name : char.ToUpperInvariant(name[0]) + name[1..];
    }

    /// <summary>Returns true when the item counts as an answer (non-empty and well-formed).</summary>
    private static bool CheckChoices(ChoicesControl control, string display, JsonObject value, List<string> messages)
    {
        if (!TryStrings(value["choices"], out var selected))
        {
            messages.Add($"{display}: the answer is malformed (\"choices\" must be a list of options).");
            return false;
        }

        var valid = true;
        foreach (var choice in selected)
        {
            if (!control.Options.Any(o => o.Value == choice))
            {
                messages.Add($"\"{choice}\" is not an option of {display}.");
                valid = false;
            }
        }

        if (selected.Distinct(StringComparer.Ordinal).Count() != selected.Count)
        {
            messages.Add($"{display}: an option is selected twice.");
            valid = false;
        }

        if (control.Mode != ChoiceMode.Multiple && selected.Count > 1)
        {
            messages.Add($"{display} takes exactly one answer.");
            valid = false;
        }

        return valid && selected.Count > 0;
    }

    private static bool CheckSpan(LabelingConfiguration config, LabelsControl control, string display, JsonObject value,
        JsonObject? taskData, List<string> messages, Dictionary<(string, string), int> usages, Dictionary<string, bool[]> boundaries)
    {
        var valid = true;
        if (!TryStrings(value["labels"], out var labels) || labels.Count == 0)
        {
            messages.Add($"{display}: every marked span needs a label.");
            valid = false;
        }
        else
        {
            foreach (var label in labels.Where(l => !control.Labels.Any(o => o.Value == l)))
            {
                messages.Add($"\"{label}\" is not a label of {display}.");
                valid = false;
            }

            if (labels.Distinct(StringComparer.Ordinal).Count() != labels.Count)
            {
                messages.Add($"{display}: a span carries the same label twice.");
                valid = false;
            }
            else if (labels.Count > 1 && !control.MultipleLabels)
            {
                messages.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{display} takes one label per span, but a span has {labels.Count} ({string.Join(", ", labels)})."));
                valid = false;
            }

            foreach (var label in labels.Distinct(StringComparer.Ordinal))
            {
                usages[(control.Name, label)] = usages.GetValueOrDefault((control.Name, label)) + 1;
            }
        }

        if (!TryInt(value["start"], out var start) || !TryInt(value["end"], out var end))
        {
            messages.Add($"{display}: a span needs whole-number \"start\" and \"end\" offsets.");
            return false;
        }

        if (start < 0 || start >= end)
        {
            messages.Add($"{display}: the span {start}–{end} is empty or reversed; its start must be before its end.");
            return false;
        }

        string? spanText = null;
        if (value["text"] is JsonValue textValue && textValue.TryGetValue<string>(out var t))
        {
            spanText = t;
        }
        else
        {
            messages.Add($"{display}: the span {start}–{end} has no \"text\".");
            valid = false;
        }

        var text = TaskText(config, control, taskData);
        if (text is not null)
        {
            if (end > text.Length)
            {
                messages.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{display}: the span {start}–{end} goes past the end of the text ({text.Length} characters)."));
                return false;
            }

            if ((CutsSurrogatePair(text, start) ?? CutsSurrogatePair(text, end)) is { } cut)
            {
                messages.Add($"{display}: the span {start}–{end} cuts the character \"{cut}\" in two. Offsets count UTF-16 code units, " +
                             "and a character outside the Basic Multilingual Plane (an emoji, a rare CJK ideograph) takes two of them.");
                return false;
            }

            if (!boundaries.TryGetValue(text, out var cuts))
            {
                boundaries[text] = cuts = GraphemeBoundaries(text);
            }

            if ((CutsGrapheme(text, cuts, start) ?? CutsGrapheme(text, cuts, end)) is { } split)
            {
                messages.Add($"{display}: the span {start}–{end} cuts the character \"{split}\" in two (a letter and its combining mark, " +
                             "or an emoji sequence, is one character to a reader); widen the span to include all of it.");
                return false;
            }

            if (spanText is not null && !text.AsSpan(start, end - start).SequenceEqual(spanText))
            {
                messages.Add($"{display}: the span text \"{Shorten(spanText)}\" does not match the task text at {start}–{end} (\"{Shorten(text[start..end])}\").");
                valid = false;
            }
        }

        return valid;
    }

    /// <summary>The grapheme cluster (user-perceived character) an offset falls inside, or null at a boundary.</summary>
    private static string? CutsGrapheme(string text, bool[] boundaries, int offset)
    {
        if (offset <= 0 || offset >= text.Length || boundaries[offset])
        {
            return null;
        }

        var start = offset;
        while (!boundaries[start])
        {
            start--;
        }

        var end = offset;
        while (!boundaries[end])
        {
            end++;
        }

        return text[start..end];
    }

    /// <summary>For each offset 0..length, whether a grapheme cluster starts (or the text ends) there.</summary>
    private static bool[] GraphemeBoundaries(string text)
    {
        var boundaries = new bool[text.Length + 1];
        for (var i = 0; i < text.Length; i += StringInfo.GetNextTextElementLength(text, i))
        {
            boundaries[i] = true;
        }

        boundaries[text.Length] = true;
        return boundaries;
    }

    /// <summary>The character split by an offset that falls between the two halves of a surrogate pair, or null.</summary>
    private static string? CutsSurrogatePair(string text, int offset) =>
        offset > 0 && offset < text.Length && char.IsHighSurrogate(text[offset - 1]) && char.IsLowSurrogate(text[offset])
            ? text.Substring(offset - 1, 2)
            : null;

    private static bool CheckRating(RatingControl control, string display, JsonObject value, List<string> messages)
    {
        if (!TryInt(value["rating"], out var rating) || rating < 1 || rating > control.MaxRating)
        {
            messages.Add(string.Create(CultureInfo.InvariantCulture, $"{display} must be a whole number from 1 to {control.MaxRating}."));
            return false;
        }

        return true;
    }

    private static bool CheckTextArea(string display, JsonObject value, List<string> messages)
    {
        var node = value["text"];
        List<string> texts;
        if (node is JsonValue single && single.TryGetValue<string>(out var one))
        {
            texts = [one];
        }
        else if (!TryStrings(node, out texts))
        {
            messages.Add($"{display}: the answer is malformed (\"text\" must be a list of strings).");
            return false;
        }

        return texts.Any(s => !string.IsNullOrWhiteSpace(s));
    }

    private static string? TaskText(LabelingConfiguration config, LabelsControl control, JsonObject? taskData) =>
        config.FindObject(control.ToName) is TextObject textObject ? DataFieldPath.TextOf(taskData, textObject.DataField) : null;

    private static bool TryStrings(JsonNode? node, out List<string> values)
    {
        values = [];
        if (node is not JsonArray array)
        {
            return false;
        }

        foreach (var element in array)
        {
            if (element is not JsonValue value || !value.TryGetValue<string>(out var text))
            {
                return false;
            }

            values.Add(text);
        }

        return true;
    }

    private static bool TryInt(JsonNode? node, out int result)
    {
        result = 0;
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        if (value.TryGetValue<int>(out result))
        {
            return true;
        }

        if (value.TryGetValue<double>(out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue)
        {
            result = (int)d;
            return true;
        }

        if (value.TryGetValue<long>(out var l) && l is >= int.MinValue and <= int.MaxValue)
        {
            result = (int)l;
            return true;
        }

        var raw = value.ToJsonString();
        if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out d) && d == Math.Floor(d)
            && d is >= int.MinValue and <= int.MaxValue)
        {
            result = (int)d;
            return true;
        }

        return false;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";
}
