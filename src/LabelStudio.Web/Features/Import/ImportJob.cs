using LabelStudio.Data.Import;

namespace LabelStudio.Web.Features.Import;

public enum ImportJobState { Running, Succeeded, Failed }

/// <summary>A background import of one uploaded file; observed by the page (progress bar) and the API.</summary>
public sealed class ImportJob
{
    public required Guid Id { get; init; }
    public required long ProjectId { get; init; }
    public required string FileName { get; init; }
    public required long TotalBytes { get; init; }
    public DateTime StartedAt { get; init; } = DateTime.UtcNow;
    public ImportJobState State { get; internal set; } = ImportJobState.Running;
    public ImportProgress Progress { get; internal set; } = new(0, null, 0);
    public ImportOutcome? Outcome { get; internal set; }
    public string? Failure { get; internal set; }
    public DateTime? FinishedAt { get; internal set; }

    /// <summary>Raised on progress and on completion, from a background thread.</summary>
    public event Action<ImportJob>? Changed;

    internal void RaiseChanged() => Changed?.Invoke(this);
}
