using System.Globalization;
using System.Text.Json.Nodes;
using LabelStudio.Core.Results;

namespace LabelStudio.Data.Datasets.Formats;

public enum FlatType { Long, Int, Double, String, Json }

public sealed record FlatColumn(string Name, FlatType Type);

/// <summary>
/// The flat shape shared by JSON-MIN, CSV, TSV and Parquet. Scope Final: one record per task with its data fields,
/// the final label per control with origin, method, agreement, posterior, ratings, annotation, resolution and gold
/// ids, then state, import batch, source line, configuration version and split. Scope All: one record per answered
/// annotation (skips left out, as Label Studio does) with its rater.
/// </summary>
public sealed class FlatTable
{
    private static readonly string[] FinalSuffixes =
        ["origin", "method", "agreement", "posterior", "n_ratings", "annotation_ids", "resolution_id", "gold_id"];

    private readonly DatasetFormatContext _context;

    public FlatTable(DatasetFormatContext context)
    {
        _context = context;
        var columns = new List<FlatColumn> { new("task_id", FlatType.Long), new("external_key", FlatType.String) };
        columns.AddRange(context.DataFields.Select(f => new FlatColumn(f, FlatType.Json)));
        if (context.Scope == DatasetScope.Final)
        {
            foreach (var control in context.Controls)
            {
                columns.Add(new(control.Name, FlatType.Json));
                columns.AddRange(FinalSuffixes.Select(s => new FlatColumn($"{control.Name}_{s}", s switch
                {
                    "agreement" or "posterior" => FlatType.Double,
                    "n_ratings" => FlatType.Int,
                    "resolution_id" or "gold_id" => FlatType.Long,
                    "annotation_ids" => FlatType.Json,
                    _ => FlatType.String,
                })));
            }
            columns.Add(new("state", FlatType.String));
        }
        else
        {
            columns.Add(new("annotation_id", FlatType.Long));
            columns.Add(new("annotator", FlatType.String));
            columns.Add(new("annotator_email", FlatType.String));
            columns.Add(new("created_at", FlatType.String));
            columns.Add(new("lead_time", FlatType.Double));
            columns.AddRange(context.Controls.Select(c => new FlatColumn(c.Name, FlatType.Json)));
        }
        columns.Add(new("import_batch", FlatType.Long));
        columns.Add(new("source_line", FlatType.Int));
        columns.Add(new("config_version", FlatType.Int));
        columns.Add(new("split", FlatType.String));
        Columns = columns;
    }

    public IReadOnlyList<FlatColumn> Columns { get; }

    public IEnumerable<object?[]> Records(DatasetRow row)
    {
        var data = JsonNode.Parse(row.DataJson) as JsonObject ?? [];
        if (_context.Scope == DatasetScope.Final)
        {
            yield return FinalRecord(row, data);
            yield break;
        }
        foreach (var annotation in row.Annotations.Where(a => !a.WasSkipped))
        {
            yield return AnnotationRecord(row, data, annotation);
        }
    }

    private object?[] FinalRecord(DatasetRow row, JsonObject data)
    {
        var values = Start(row, data);
        foreach (var control in _context.Controls)
        {
            var label = row.Labels.FirstOrDefault(l => l.Control == control.Name);
            values.Add(label is null ? null : LabelValues.Of(label.Result));
            values.Add(label?.Origin);
            values.Add(label?.Method);
            values.Add(label?.Agreement);
            values.Add(label?.Posterior);
            values.Add(label?.Ratings ?? 0);
            values.Add(new JsonArray([.. (label?.AnnotationIds ?? []).Select(id => (JsonNode?)JsonValue.Create(id))]));
            values.Add(label?.ResolutionId);
            values.Add(label?.GoldId);
        }
        values.Add(row.State);
        return End(row, values, _context.ConfigVersion);
    }

    private object?[] AnnotationRecord(DatasetRow row, JsonObject data, ExportAnnotation annotation)
    {
        var values = Start(row, data);
        values.Add(annotation.Id);
        values.Add(annotation.Author);
        values.Add(annotation.AuthorEmail);
        values.Add(annotation.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        values.Add(annotation.LeadTimeSeconds);
        var result = ResultJson.TryParse(annotation.ResultJson, out var items, out _) ? items : [];
        foreach (var control in _context.Controls)
        {
            values.Add(LabelValues.Of(result.Where(r => r.FromName == control.Name)));
        }
        return End(row, values, annotation.ConfigVersion);
    }

    private List<object?> Start(DatasetRow row, JsonObject data)
    {
        var values = new List<object?>(Columns.Count) { row.TaskId, row.ExternalKey };
        foreach (var field in _context.DataFields)
        {
            values.Add(data[field]?.DeepClone());
        }
        return values;
    }

    private static object?[] End(DatasetRow row, List<object?> values, int configVersion)
    {
        values.Add(row.ImportBatchId);
        values.Add(row.SourceIndex);
        values.Add(configVersion);
        values.Add(row.Split);
        return [.. values];
    }

    /// <summary>A value as text (CSV, TSV): strings as they are, numbers in invariant culture, JSON compact.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonNode node => node.ToJsonString(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
