using System.Globalization;
using System.Text.Json.Nodes;
using LabelStudio.Core.Import;
using LabelStudio.Core.LabelingConfig;

namespace LabelStudio.Core.DataValidation;

/// <summary>
/// The blocking checks on each task of an import file, on top of <see cref="TaskValidator"/> (fields the configuration
/// reads are present with a usable type, regions name real controls): imported labels must be ones the configuration
/// offers, spans must lie inside their text with <c>text</c> equal to the substring, and a task whose data repeats an
/// earlier task of the file is a duplicate unless duplicates are allowed. Duplicates are found by the task's
/// <see cref="TaskContentHash"/>, remembered with its line (16 bytes a task; the only state that grows with the file).
/// </summary>
public sealed class ImportRowChecker(LabelingConfiguration config, bool allowDuplicates = false)
{
    private readonly Dictionary<long, int> _seen = [];

    /// <summary>
    /// The errors of <paramref name="task"/>; empty when it can be imported. <paramref name="contentHash"/> is the
    /// task's <see cref="TaskContentHash"/> when the caller has it already.
    /// </summary>
    public IEnumerable<ImportError> Check(ImportedTask task, long? contentHash = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var errors = TaskValidator.Validate(task, config).ToList();
        if (!allowDuplicates)
        {
            var hash = contentHash ?? TaskContentHash.Of(task.DataJson);
            if (_seen.TryGetValue(hash, out var first))
            {
                errors.Add(new ImportError(task.Line, "data",
                    $"The task repeats the data of the task on line {first}. Remove the duplicate, or allow duplicates for this import."));
            }
            else
            {
                _seen[hash] = task.Line;
            }
        }
        if (errors.Count > 0 || task.Annotations.Count + task.Predictions.Count == 0) return errors;

        try
        {
            var data = JsonNode.Parse(task.DataJson) as JsonObject;
            for (var i = 0; i < task.Annotations.Count; i++)
            {
                errors.AddRange(CheckResult(task.Line, $"annotations[{i}].result", task.Annotations[i].ResultJson, data));
            }
            for (var i = 0; i < task.Predictions.Count; i++)
            {
                errors.AddRange(CheckResult(task.Line, $"predictions[{i}].result", task.Predictions[i].ResultJson, data));
            }
        }
        catch (Exception ex) when (UnreadableText.IsTextError(ex))
        {
            errors.Add(UnreadableText.Error(task, ex));
        }
        return errors;
    }

    private IEnumerable<ImportError> CheckResult(int line, string path, string json, JsonObject? data)
    {
        if (JsonNode.Parse(json) is not JsonArray regions) yield break;
        for (var j = 0; j < regions.Count; j++)
        {
            if (regions[j] is not JsonObject region || region["value"] is not JsonObject value
                || region["from_name"]?.GetValue<string>() is not { } name || config.FindControl(name) is not { } control)
            {
                continue;
            }
            var at = $"{path}[{j}].value";
            var allowed = control switch
            {
                ChoicesControl choices => choices.Options.Select(o => o.Value).ToList(),
                LabelsControl labels => labels.Labels.Select(l => l.Value).ToList(),
                _ => null,
            };
            var key = control is ChoicesControl ? "choices" : "labels";
            if (allowed is not null && value[key] is JsonArray given)
            {
                foreach (var label in given.Select(g => g is JsonValue v && v.TryGetValue<string>(out var s) ? s : g?.ToJsonString()))
                {
                    if (label is null || allowed.Contains(label)) continue;
                    yield return new ImportError(line, $"{at}.{key}",
                        $"\"{label}\" is not a label of \"{name}\" (its labels: {string.Join(", ", allowed.Take(20))}{(allowed.Count > 20 ? ", …" : "")}).");
                }
            }
            if (control is RatingControl rating && value["rating"] is JsonValue r && r.TryGetValue<double>(out var stars)
                && (stars < 1 || stars > rating.MaxRating))
            {
                yield return new ImportError(line, $"{at}.rating",
                    string.Create(CultureInfo.InvariantCulture, $"The rating {stars} of \"{name}\" is outside 1–{rating.MaxRating}."));
            }
            if (control is LabelsControl && SpanError(control, value, data) is { } spanError)
            {
                yield return new ImportError(line, at, spanError);
            }
        }
    }

    private string? SpanError(ControlTag control, JsonObject value, JsonObject? data)
    {
        if (value["start"] is not JsonValue s || !s.TryGetValue<int>(out var start)
            || value["end"] is not JsonValue e || !e.TryGetValue<int>(out var end))
        {
            return "A span needs whole-number \"start\" and \"end\" offsets.";
        }
        var field = config.FindObject(control.ToName)?.DataField;
        var text = field is null ? null : DataFieldPath.TextOf(data, field);
        if (text is null) return null;
        if (start < 0 || end < start || end > text.Length)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"The span {start}–{end} lies outside the text of \"{field}\" ({text.Length} characters).");
        }
        if (value["text"] is JsonValue t && t.TryGetValue<string>(out var spanText) && spanText != text[start..end])
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"The span {start}–{end} says its text is \"{Cut(spanText)}\", but the text there is \"{Cut(text[start..end])}\".");
        }
        return null;
    }

    private static string Cut(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}
