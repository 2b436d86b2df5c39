namespace LabelStudio.Data.Quality;

/// <summary>
/// One project-level consensus recompute, recorded so that the outcomes it produced can be rebuilt later: the method and
/// settings it scored with, the Dawid–Skene model (the <see cref="QualitySnapshot"/>), the configuration version and the
/// highest annotation, gold and resolution ids it read. Append-only; the outcomes it changed are
/// <see cref="TaskOutcomeRevision"/> rows carrying its id.
/// </summary>
public sealed class ConsensusRun
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    /// <summary>dawid-skene when a Dawid–Skene model scored the tasks, else majority (per control kind: median, span-majority, medoid).</summary>
    public string Method { get; set; } = "";
    /// <summary>Conflict settings and dynamic overlap, as JSON.</summary>
    public string SettingsJson { get; set; } = "{}";
    /// <summary>The quality snapshot whose model scored the tasks.</summary>
    public long? ModelVersion { get; set; }
    public int ConfigVersion { get; set; }
    public long MaxAnnotationId { get; set; }
    public long MaxGoldId { get; set; }
    public long MaxResolutionId { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    /// <summary>Complete tasks the run scored.</summary>
    public int TaskCount { get; set; }
    /// <summary>Outcomes the run changed (the revision rows it wrote).</summary>
    public int ChangedCount { get; set; }
    /// <summary>Outcomes per state after the run, as JSON (<c>{"agreed":12,"conflict":3}</c>).</summary>
    public string StateCountsJson { get; set; } = "{}";
    /// <summary>The highest outcome revision id when the run finished: "the outcomes as of this run" are the revisions up to it.</summary>
    public long? OutcomeWatermark { get; set; }
}
