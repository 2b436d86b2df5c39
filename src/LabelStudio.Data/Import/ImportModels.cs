using LabelStudio.Core.DataValidation;
using LabelStudio.Core.Import;

namespace LabelStudio.Data.Import;

/// <summary>
/// The outcome of one import: a batch when every task was valid, otherwise the first (at most 100) errors and the
/// total number of errors; in that case nothing was written (nothing visible, and the staged rows are deleted).
/// <see cref="Warnings"/> are what validation found in an imported batch against the project's earlier batches;
/// <see cref="ExistingDuplicates"/> counts the tasks of a rejected file that repeat tasks already in the project.
/// </summary>
public sealed record ImportOutcome(ImportBatch? Batch, IReadOnlyList<ImportError> Errors, int TotalErrors, long JobId = 0,
    IReadOnlyList<Anomaly>? Warnings = null, int ExistingDuplicates = 0)
{
    public const int MaxReportedErrors = 100;
    public bool Succeeded => Batch is not null;

    /// <summary>Why nothing was imported, in one sentence (job message, API, command line).</summary>
    public static string FailureMessage(string fileName, int totalErrors, int existingDuplicates) =>
        $"Nothing was imported: {totalErrors:N0} error(s) in {fileName}." + (existingDuplicates == 0 ? "" :
            $" {existingDuplicates:N0} {(existingDuplicates == 1 ? "task repeats a task" : "tasks repeat tasks")} already in the project; " +
            "allow duplicates to import them anyway.");
}

/// <summary>What an import job records as its result (the job's <c>result</c> in the API).</summary>
public sealed record ImportJobResult(long? BatchId, int Tasks, int Annotations, int Predictions, int GoldAnswers,
    string? Sha256, int TotalErrors, IReadOnlyList<ImportError> Errors, IReadOnlyList<Anomaly>? Warnings = null,
    int ExistingDuplicates = 0);
