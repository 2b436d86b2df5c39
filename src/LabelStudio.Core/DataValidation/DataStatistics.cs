using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using LabelStudio.Core.Import;
using LabelStudio.Core.Results;

namespace LabelStudio.Core.DataValidation;

/// <summary>
/// Streaming statistics of a set of tasks (an import batch, a dataset version, a file of production records): per
/// top-level data field (<see cref="FieldStatistics"/>), the label distribution per control of the annotations and of
/// the predictions, and each rater's label distribution. Memory is bounded whatever the number of tasks (at most
/// <see cref="MaxFields"/> fields, <see cref="MaxControls"/> controls and <see cref="MaxRaters"/> raters, each with
/// fixed-size sketches). Two accumulators of disjoint chunks merge into the statistics of the whole
/// (<see cref="Merge"/>); <see cref="StatisticsJson"/> gives the stable JSON form, which round-trips and stays mergeable.
/// </summary>
public sealed class DataStatistics
{
    /// <summary>The most data fields tracked; further fields are counted in <see cref="OmittedFields"/>.</summary>
    public const int MaxFields = 500;

    /// <summary>The most controls tracked per distribution.</summary>
    public const int MaxControls = 100;

    /// <summary>The most raters tracked.</summary>
    public const int MaxRaters = 1000;

    /// <summary>Tasks added.</summary>
    [JsonPropertyName("tasks")]
    [JsonInclude]
    public long Tasks { get; private set; }

    /// <summary>Annotations added (cancelled ones are not counted).</summary>
    [JsonPropertyName("annotations")]
    [JsonInclude]
    public long Annotations { get; private set; }

    /// <summary>Per data field, by name.</summary>
    [JsonPropertyName("fields")]
    [JsonInclude]
    public SortedDictionary<string, FieldStatistics> Fields { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>Values of fields beyond <see cref="MaxFields"/> that were not tracked.</summary>
    [JsonPropertyName("omittedFields")]
    [JsonInclude]
    public long OmittedFields { get; private set; }

    /// <summary>Label counts of the annotations per control (<c>from_name</c>).</summary>
    [JsonPropertyName("labels")]
    [JsonInclude]
    public SortedDictionary<string, TopValuesSketch> Labels { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>Label counts of the predictions per control.</summary>
    [JsonPropertyName("predictionLabels")]
    [JsonInclude]
    public SortedDictionary<string, TopValuesSketch> PredictionLabels { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>Label counts per rater, then per control.</summary>
    [JsonPropertyName("raterLabels")]
    [JsonInclude]
    public SortedDictionary<string, SortedDictionary<string, TopValuesSketch>> RaterLabels { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>Adds an imported task with its annotations (authored by their <c>completed_by</c>) and predictions.</summary>
    public void Add(ImportedTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        AddTask(task.DataJson);
        foreach (var annotation in task.Annotations.Where(a => !a.WasCancelled))
        {
            AddAnnotation(annotation.ResultJson, annotation.CompletedBy);
        }
        foreach (var prediction in task.Predictions) AddPrediction(prediction.ResultJson);
    }

    /// <summary>Adds a task by the JSON of its data object (a non-object counts as a task without fields).</summary>
    public void AddTask(string dataJson)
    {
        ArgumentNullException.ThrowIfNull(dataJson);
        using var doc = ParseOrNull(dataJson);
        AddTask(doc?.RootElement);
    }

    /// <summary>Adds a task by its data already parsed (null when it did not parse), for a caller that reads it too.</summary>
    public void AddTask(JsonElement? data)
    {
        Tasks++;
        if (data is not { ValueKind: JsonValueKind.Object } root) return;
        foreach (var property in root.EnumerateObject())
        {
            if (property.Value.ValueKind is JsonValueKind.Null) continue;
            if (!Fields.TryGetValue(property.Name, out var field))
            {
                if (Fields.Count >= MaxFields)
                {
                    OmittedFields++;
                    continue;
                }
                Fields[property.Name] = field = FieldStatistics.For(property.Name);
            }
            field.Add(property.Value);
        }
    }

    /// <summary>Adds an annotation's result (a Label Studio result array) by its rater (null when unknown).</summary>
    public void AddAnnotation(string resultJson, string? rater) => AddLabels(LabelsOf(resultJson), rater);

    /// <summary>Adds an annotation's result already parsed: the same pairs as its JSON gives, without writing and
    /// parsing it again.</summary>
    public void AddAnnotation(IEnumerable<ResultItem?> result, string? rater) => AddLabels(LabelsOf(result), rater);

    /// <summary>Adds an annotation by its (control, label) pairs already taken from its result with
    /// <see cref="LabelsOf(IEnumerable{ResultItem?})"/>, for a caller that keeps them for results it sees many times.</summary>
    public void AddAnnotationLabels(IReadOnlyList<(string Control, string Label)> labels, string? rater)
    {
        ArgumentNullException.ThrowIfNull(labels);
        Annotations++;
        var raterLabels = RaterLabelsOf(rater);
        for (var i = 0; i < labels.Count; i++)
        {
            var (control, label) = labels[i];
            Count(Labels, control, label);
            if (raterLabels is not null) Count(raterLabels, control, label);
        }
    }

    private SortedDictionary<string, TopValuesSketch>? RaterLabelsOf(string? rater)
    {
        SortedDictionary<string, TopValuesSketch>? raterLabels = null;
        if (!string.IsNullOrEmpty(rater) && !RaterLabels.TryGetValue(rater, out raterLabels) && RaterLabels.Count < MaxRaters)
        {
            RaterLabels[rater] = raterLabels = new(StringComparer.Ordinal);
        }
        return raterLabels;
    }

    private void AddLabels(IEnumerable<(string Control, string Label)> labels, string? rater)
    {
        Annotations++;
        var raterLabels = RaterLabelsOf(rater);
        foreach (var (control, label) in labels)
        {
            Count(Labels, control, label);
            if (raterLabels is not null) Count(raterLabels, control, label);
        }
    }

    /// <summary>Adds a prediction's result.</summary>
    public void AddPrediction(string resultJson)
    {
        foreach (var (control, label) in LabelsOf(resultJson)) Count(PredictionLabels, control, label);
    }

    /// <summary>Adds everything <paramref name="other"/> saw (a disjoint chunk of the same data).</summary>
    public void Merge(DataStatistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Tasks += other.Tasks;
        Annotations += other.Annotations;
        OmittedFields += other.OmittedFields;
        foreach (var (name, field) in other.Fields)
        {
            if (Fields.TryGetValue(name, out var mine)) mine.Merge(field);
            else if (Fields.Count < MaxFields) Fields[name] = Copy(field);
            else OmittedFields += field.Present;
        }
        MergeLabels(Labels, other.Labels);
        MergeLabels(PredictionLabels, other.PredictionLabels);
        foreach (var (rater, labels) in other.RaterLabels)
        {
            if (!RaterLabels.TryGetValue(rater, out var mine))
            {
                if (RaterLabels.Count >= MaxRaters) continue;
                RaterLabels[rater] = mine = new(StringComparer.Ordinal);
            }
            MergeLabels(mine, labels);
        }
    }

    /// <summary>The fraction of tasks where <paramref name="field"/> holds a value (0 when there are no tasks).</summary>
    public double PresenceOf(string field) =>
        Tasks == 0 ? 0 : (double)(Fields.TryGetValue(field, out var f) ? f.Present : 0) / Tasks;

    private static FieldStatistics Copy(FieldStatistics field)
    {
        var copy = FieldStatistics.For(field.Name);
        copy.Merge(field);
        return copy;
    }

    private static void MergeLabels(SortedDictionary<string, TopValuesSketch> into, SortedDictionary<string, TopValuesSketch> from)
    {
        foreach (var (control, sketch) in from)
        {
            if (!into.TryGetValue(control, out var mine))
            {
                if (into.Count >= MaxControls) continue;
                into[control] = mine = new TopValuesSketch();
            }
            mine.Merge(sketch);
        }
    }

    private static void Count(SortedDictionary<string, TopValuesSketch> counts, string control, string label)
    {
        if (!counts.TryGetValue(control, out var sketch))
        {
            if (counts.Count >= MaxControls) return;
            counts[control] = sketch = new TopValuesSketch();
        }
        sketch.Add(label);
    }

    /// <summary>
    /// The (control, label) pairs of a result: each choice, each span label, a rating as its number. Text answers and
    /// malformed regions give none (the import's validation reports those).
    /// </summary>
    public static IEnumerable<(string Control, string Label)> LabelsOf(string resultJson)
    {
        using var doc = ParseOrNull(resultJson);
        if (doc is null || doc.RootElement.ValueKind != JsonValueKind.Array) return [];
        var labels = new List<(string, string)>();
        foreach (var region in doc.RootElement.EnumerateArray())
        {
            if (region.ValueKind != JsonValueKind.Object
                || !region.TryGetProperty("from_name", out var from) || from.ValueKind != JsonValueKind.String
                || !region.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            if (Text(from) is not { } control) continue;
            foreach (var key in (ReadOnlySpan<string>)["choices", "labels"])
            {
                if (!value.TryGetProperty(key, out var list) || list.ValueKind != JsonValueKind.Array) continue;
                foreach (var item in list.EnumerateArray())
                {
                    if (Text(item) is { } label) labels.Add((control, label));
                }
            }
            // 1e400 is valid JSON but no double: such a rating counts as none.
            if (value.TryGetProperty("rating", out var rating) && rating.ValueKind == JsonValueKind.Number
                && rating.TryGetDouble(out var stars) && double.IsFinite(stars))
            {
                labels.Add((control, stars.ToString(CultureInfo.InvariantCulture)));
            }
        }
        return labels;
    }

    /// <summary>The (control, label) pairs of a parsed result, as <see cref="LabelsOf(string)"/> gives them from its JSON.</summary>
    private static readonly string[] ListKeys = ["choices", "labels"];

    public static IEnumerable<(string Control, string Label)> LabelsOf(IEnumerable<ResultItem?> result)
    {
        foreach (var region in result)
        {
            if (region?.FromName is not { } control || region.Value is not { } value) continue;
            foreach (var key in ListKeys)
            {
                if (value[key] is not JsonArray list) continue;
                foreach (var item in list)
                {
                    if (item?.GetValueKind() == JsonValueKind.String) yield return (control, item.GetValue<string>());
                }
            }
            if (value["rating"] is { } rating && rating.GetValueKind() == JsonValueKind.Number)
            {
                var number = double.Parse(rating.ToJsonString(), CultureInfo.InvariantCulture);
                yield return (control, number.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    private static JsonDocument? ParseOrNull(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            // Not JSON, or a .NET string with a lone surrogate that cannot become UTF-8.
            return null;
        }
    }

    /// <summary>A JSON string's text; null for a non-string or a lone UTF-16 surrogate escape (no text at all).</summary>
    private static string? Text(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.String) return null;
        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
