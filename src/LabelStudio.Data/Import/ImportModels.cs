using LabelStudio.Core.Import;

namespace LabelStudio.Data.Import;

public sealed record ImportProgress(long BytesRead, long? TotalBytes, int Tasks)
{
    public double? Fraction => TotalBytes is > 0 ? Math.Min(1, (double)BytesRead / TotalBytes.Value) : null;
}

/// <summary>
/// The outcome of one import: a batch when every task was valid, otherwise the first (at most 100) errors and the
/// total number of errors; in that case nothing was written.
/// </summary>
public sealed record ImportOutcome(ImportBatch? Batch, IReadOnlyList<ImportError> Errors, int TotalErrors)
{
    public const int MaxReportedErrors = 100;
    public bool Succeeded => Batch is not null;
}
