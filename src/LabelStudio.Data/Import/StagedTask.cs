using LabelStudio.Core.Import;

namespace LabelStudio.Data.Import;

/// <summary>
/// A task to write: its data and meta JSON, an optional external key (click feedback: query id + tab + doc id), an
/// optional random-order key (random when absent), and the annotations and predictions that come with it.
/// </summary>
public sealed record StagedTask(string DataJson, string? MetaJson = null, string? ExternalKey = null, int? RandomKey = null,
    IReadOnlyList<ImportedAnnotation>? Annotations = null, IReadOnlyList<ImportedPrediction>? Predictions = null)
{
    public static StagedTask From(ImportedTask task) =>
        new(task.DataJson, task.MetaJson, Annotations: task.Annotations, Predictions: task.Predictions);

    internal bool HasChildren => Annotations is { Count: > 0 } || Predictions is { Count: > 0 };

    internal long ApproximateBytes => DataJson.Length + (MetaJson?.Length ?? 0)
        + (Annotations?.Sum(a => (long)a.ResultJson.Length) ?? 0) + (Predictions?.Sum(p => (long)p.ResultJson.Length) ?? 0);
}
