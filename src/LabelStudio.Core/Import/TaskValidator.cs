using System.Text.Json;
using System.Text.Json.Nodes;
using LabelStudio.Core.LabelingConfig;

namespace LabelStudio.Core.Import;

/// <summary>
/// Checks an imported task against a labeling configuration: every data field the configuration reads must be
/// present (and hold text or a URL), and imported annotation/prediction results must be arrays of regions whose
/// <c>from_name</c>, <c>to_name</c> and <c>type</c> match a control of the configuration.
/// </summary>
public static class TaskValidator
{
    /// <summary>
    /// The problems with <paramref name="task"/>; empty when it can be imported. JSON that parses but holds text that
    /// cannot be read (a lone surrogate escape) is one problem naming where it is, never an exception.
    /// </summary>
    public static IReadOnlyList<ImportError> Validate(ImportedTask task, LabelingConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(config);
        try
        {
            return ValidateCore(task, config).ToList();
        }
        catch (Exception ex) when (UnreadableText.IsTextError(ex))
        {
            return [UnreadableText.Error(task, ex)];
        }
    }

    private static IEnumerable<ImportError> ValidateCore(ImportedTask task, LabelingConfiguration config)
    {
        JsonObject? data = null;
        try
        {
            data = JsonNode.Parse(task.DataJson) as JsonObject;
        }
        catch (JsonException)
        {
            // Reported just below.
        }

        if (data is null)
        {
            yield return new ImportError(task.Line, "data", "The task data is not a JSON object.");
            yield break;
        }

        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var obj in config.Objects)
        {
            if (!reported.Add(obj.DataField))
            {
                continue;
            }

            var tag = obj is ImageObject ? "Image" : "Text";
            if (!DataFieldPath.TryResolve(data, obj.DataField, out var value))
            {
                yield return new ImportError(task.Line, obj.DataField,
                    $"The task has no \"{obj.DataField}\" field, which the labeling configuration shows in <{tag} name=\"{obj.Name}\" value=\"${obj.DataField}\">. Found: {Keys(task)}.");
                continue;
            }

            var kind = value?.GetValueKind() ?? JsonValueKind.Null;
            if (obj is ImageObject && kind != JsonValueKind.String)
            {
                yield return new ImportError(task.Line, obj.DataField, "The image field must be a URL string.");
            }
            else if (obj is ImageObject && string.IsNullOrWhiteSpace(value!.GetValue<string>()))
            {
                yield return new ImportError(task.Line, obj.DataField, "The image URL is empty.");
            }
            else if (kind is JsonValueKind.Null or JsonValueKind.Object or JsonValueKind.Array)
            {
                yield return new ImportError(task.Line, obj.DataField, $"The text field must be a string, not {Describe(kind)}.");
            }
        }

        for (var i = 0; i < task.Annotations.Count; i++)
        {
            foreach (var error in ValidateResult(task.Line, $"annotations[{i}].result", task.Annotations[i].ResultJson, config))
            {
                yield return error;
            }
        }

        for (var i = 0; i < task.Predictions.Count; i++)
        {
            foreach (var error in ValidateResult(task.Line, $"predictions[{i}].result", task.Predictions[i].ResultJson, config))
            {
                yield return error;
            }
        }
    }

    private static IEnumerable<ImportError> ValidateResult(int line, string path, string json, LabelingConfiguration config)
    {
        JsonNode? root = null;
        string? parseError = null;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            parseError = ex.Message;
        }

        if (parseError is not null || root is not JsonArray array)
        {
            yield return new ImportError(line, path, "The result must be a JSON array of regions.");
            yield break;
        }

        for (var j = 0; j < array.Count; j++)
        {
            var itemPath = $"{path}[{j}]";
            if (array[j] is not JsonObject item)
            {
                yield return new ImportError(line, itemPath, "Each region must be a JSON object.");
                continue;
            }

            var fromName = String(item["from_name"]);
            if (fromName is null)
            {
                yield return new ImportError(line, itemPath + ".from_name", "The region has no \"from_name\".");
                continue;
            }

            var control = config.FindControl(fromName);
            if (control is null)
            {
                var names = string.Join(", ", config.Controls.Select(c => c.Name));
                yield return new ImportError(line, itemPath + ".from_name",
                    $"\"{fromName}\" is not a control of the labeling configuration (controls: {names}).");
                continue;
            }

            var toName = String(item["to_name"]);
            if (toName != control.ToName)
            {
                yield return new ImportError(line, itemPath + ".to_name",
                    $"\"{fromName}\" labels \"{control.ToName}\", but the region's to_name is \"{toName}\".");
            }

            var type = String(item["type"]);
            if (!string.Equals(type, control.ResultType, StringComparison.OrdinalIgnoreCase))
            {
                yield return new ImportError(line, itemPath + ".type",
                    $"\"{fromName}\" gives \"{control.ResultType}\" results, but the region's type is \"{type}\".");
            }

            if (item["value"] is not JsonObject)
            {
                yield return new ImportError(line, itemPath + ".value", "The region's \"value\" must be a JSON object.");
            }
        }
    }

    private static string? String(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string Keys(ImportedTask task) =>
        task.DataKeys.Count == 0 ? "no fields" : string.Join(", ", task.DataKeys.Select(k => $"\"{k}\""));

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "null",
    };
}
