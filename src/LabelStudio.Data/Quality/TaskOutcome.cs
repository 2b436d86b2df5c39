using LabelStudio.Quality;

namespace LabelStudio.Data.Quality;

/// <summary>
/// The current verdict on one task (one row per task, replaced when it is scored again). Written when the task reaches
/// its required ratings and again after every project-level recompute. A task without a row is open.
/// </summary>
public sealed class TaskOutcome
{
    public long TaskId { get; set; }
    public long ProjectId { get; set; }
    public TaskOutcomeState State { get; set; }
    /// <summary>The consensus label as a Label Studio result array (one region per control that has ratings).</summary>
    public string? ConsensusResultJson { get; set; }
    /// <summary>How the primary control's consensus was found: dawid-skene, majority, median, span-majority, medoid.</summary>
    public string Method { get; set; } = "";
    /// <summary>Primary control: majority share, or mean pairwise agreement / F1 / similarity for the other kinds.</summary>
    public double? AgreementScore { get; set; }
    /// <summary>Dawid–Skene posterior of the consensus label (only with a stored model).</summary>
    public double? Posterior { get; set; }
    /// <summary>Review priority, higher first: 1 − posterior, else 1 − agreement; the highest over all controls.</summary>
    public double Priority { get; set; }
    /// <summary>Comma-separated conflict reasons of every control (Tie, LowShare, LowPosterior, LowAgreement, ...).</summary>
    public string Reasons { get; set; } = "";
    public int RatingCount { get; set; }
    public DateTime ComputedAt { get; set; }
    /// <summary>The <see cref="QualitySnapshot"/> whose Dawid–Skene model scored the task; null = majority only.</summary>
    public long? ModelVersion { get; set; }
    /// <summary>Every control's own outcome, as JSON (see <see cref="ControlOutcome"/>).</summary>
    public string DetailsJson { get; set; } = "[]";
}
