using LabelStudio.Core.DataValidation;
using LabelStudio.Data.Import;

namespace LabelStudio.Web.Features.Import;

/// <summary>An imported batch as the import endpoint returns it: the batch's fields and the validation warnings.</summary>
public sealed record ImportedBatchView(long Id, long ProjectId, string FileName, string Sha256, long SizeBytes, string Format,
    string? ImportedById, DateTime ImportedAt, int TaskCount, int AnnotationCount, int PredictionCount, ImportBatchState State,
    long? JobId, IReadOnlyList<Anomaly> Warnings)
{
    public static ImportedBatchView From(ImportBatch b, IReadOnlyList<Anomaly>? warnings) => new(b.Id, b.ProjectId, b.FileName,
        b.Sha256, b.SizeBytes, b.Format, b.ImportedById, b.ImportedAt, b.TaskCount, b.AnnotationCount, b.PredictionCount, b.State,
        b.JobId, warnings ?? []);
}
