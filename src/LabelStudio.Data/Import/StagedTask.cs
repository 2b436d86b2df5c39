using LabelStudio.Core.DataValidation;
using LabelStudio.Core.Import;

namespace LabelStudio.Data.Import;

/// <summary>
/// A task to write: its data and meta JSON, an optional external key (click feedback: query id + tab + doc id), an
/// optional random-order key (random when absent), the annotations and predictions that come with it, and the data's
/// <see cref="TaskContentHash"/> (computed when the batch takes the task, if the caller did not have it).
/// </summary>
public sealed record StagedTask(string DataJson, string? MetaJson = null, string? ExternalKey = null, int? RandomKey = null,
    IReadOnlyList<ImportedAnnotation>? Annotations = null, IReadOnlyList<ImportedPrediction>? Predictions = null,
    long? ContentHash = null)
{
    public static StagedTask From(ImportedTask task, long contentHash) =>
        new(task.DataJson, task.MetaJson, Annotations: task.Annotations, Predictions: task.Predictions, ContentHash: contentHash);

    internal bool HasChildren => Annotations is { Count: > 0 } || Predictions is { Count: > 0 };

    internal long ApproximateBytes => DataJson.Length + (MetaJson?.Length ?? 0)
        + (Annotations?.Sum(a => (long)a.ResultJson.Length) ?? 0) + (Predictions?.Sum(p => (long)p.ResultJson.Length) ?? 0);
}
