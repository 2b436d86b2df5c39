using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LabelStudio.Core.LabelingConfig;

namespace LabelStudio.Core.Results;

/// <summary>
/// Checks a rater's result against the labeling configuration before it is saved, and returns messages a rater can
/// act on (e.g. <c>Sentiment is required.</c>). An empty list means the result is acceptable.
/// </summary>
public static class AnnotationValidator
{
    /// <summary>
    /// Validates <paramref name="result"/>. <paramref name="taskData"/> (the task's data object) is used to check
    /// text spans; when null, span bounds and text are not checked against the task.
    /// </summary>
    public static IReadOnlyList<string> Validate(LabelingConfiguration config, IReadOnlyList<ResultItem> result, JsonObject? taskData)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(result);
        var messages = new List<string>();
        var answered = new HashSet<string>(StringComparer.Ordinal);
        var seenWhole = new HashSet<string>(StringComparer.Ordinal);
        var flagged = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in result)
        {
            var control = config.FindControl(item.FromName);
            if (control is null)
            {
                messages.Add($"The result refers to \"{item.FromName}\", which is not part of this labeling configuration.");
                continue;
            }

            var display = DisplayName(control);
            if (item.ToName != control.ToName)
            {
                messages.Add($"{display} labels \"{control.ToName}\", but the result points at \"{item.ToName}\".");
                continue;
            }

            if (!string.Equals(item.Type, control.ResultType, StringComparison.OrdinalIgnoreCase))
            {
                messages.Add($"{display} gives \"{control.ResultType}\" results, but the result has type \"{item.Type}\".");
                continue;
            }

            if (control is not LabelsControl && !seenWhole.Add(control.Name))
            {
                messages.Add($"{display} is answered more than once.");
                continue;
            }

            var before = messages.Count;
            var ok = control switch
            {
                ChoicesControl choices => CheckChoices(choices, display, item.Value, messages),
                LabelsControl labels => CheckSpan(config, labels, display, item.Value, taskData, messages),
                RatingControl rating => CheckRating(rating, display, item.Value, messages),
                TextAreaControl textArea => CheckTextArea(display, item.Value, messages),
                _ => true,
            };
            if (ok)
            {
                answered.Add(control.Name);
            }

            if (messages.Count > before)
            {
                flagged.Add(control.Name);
            }
        }

        foreach (var control in config.Controls)
        {
            if (control.Required && !answered.Contains(control.Name) && !flagged.Contains(control.Name))
            {
                messages.Add($"{DisplayName(control)} is required.");
            }
        }

        return messages.Distinct(StringComparer.Ordinal).ToList();
    }

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
        JsonObject? taskData, List<string> messages)
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

            if (spanText is not null && !text.AsSpan(start, end - start).SequenceEqual(spanText))
            {
                messages.Add($"{display}: the span text \"{Shorten(spanText)}\" does not match the task text at {start}–{end} (\"{Shorten(text[start..end])}\").");
                valid = false;
            }
        }

        return valid;
    }

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

    private static string? TaskText(LabelingConfiguration config, LabelsControl control, JsonObject? taskData)
    {
        if (taskData is null || config.FindObject(control.ToName) is not TextObject textObject
            || !DataFieldPath.TryResolve(taskData, textObject.DataField, out var node) || node is not JsonValue value)
        {
            return null;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
            _ => null,
        };
    }

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
