using LabelStudio.Quality;

namespace LabelStudio.Data.Quality;

/// <summary>
/// The outcome history: a row each time a task's outcome changes (a recompute writes only the outcomes it changed, a
/// submit or a lead's decision writes the one it touched). The outcome of a task as of revision id W is its latest row
/// with an id not above W, which is how a dataset version is rebuilt exactly. Append-only.
/// </summary>
public sealed class TaskOutcomeRevision
{
    public long Id { get; set; }
    public long TaskId { get; set; }
    public long ProjectId { get; set; }
    /// <summary>The recompute that wrote it, or the project's latest run for submit-time and review writes (null before any run).</summary>
    public long? RunId { get; set; }
    public TaskOutcomeState State { get; set; }
    public string? ConsensusResultJson { get; set; }
    public string Method { get; set; } = "";
    public double? AgreementScore { get; set; }
    public double? Posterior { get; set; }
    public int RatingCount { get; set; }
    public long? ModelVersion { get; set; }
    public string DetailsJson { get; set; } = "[]";
    public DateTime RecordedAt { get; set; }
}
