using LabelStudio.Core.DataValidation;
using LabelStudio.Core.Import;

namespace LabelStudio.Data.Import;

/// <summary>
/// The outcome of one import: a batch when every task was valid, otherwise the first (at most 100) errors and the
/// total number of errors; in that case nothing was written (nothing visible, and the staged rows are deleted).
/// <see cref="Warnings"/> are what validation found in an imported batch against the project's earlier batches.
/// </summary>
public sealed record ImportOutcome(ImportBatch? Batch, IReadOnlyList<ImportError> Errors, int TotalErrors, long JobId = 0,
    IReadOnlyList<Anomaly>? Warnings = null)
{
    public const int MaxReportedErrors = 100;
    public bool Succeeded => Batch is not null;
}

/// <summary>What an import job records as its result (the job's <c>result</c> in the API).</summary>
public sealed record ImportJobResult(long? BatchId, int Tasks, int Annotations, int Predictions, int GoldAnswers,
    string? Sha256, int TotalErrors, IReadOnlyList<ImportError> Errors, IReadOnlyList<Anomaly>? Warnings = null);
