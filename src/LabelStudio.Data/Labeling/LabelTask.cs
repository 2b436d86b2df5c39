namespace LabelStudio.Data.Labeling;

/// <summary>A unit of work: one data item of a project. Counters are kept in step with annotations in the same transaction.</summary>
public sealed class LabelTask
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public long? ImportBatchId { get; set; }
    /// <summary>Position of the task within its import file (1-based record number).</summary>
    public int SourceIndex { get; set; }
    public string DataJson { get; set; } = "{}";
    public string? MetaJson { get; set; }
    public string? ExternalKey { get; set; }
    /// <summary>
    /// <see cref="Core.DataValidation.TaskContentHash"/> of <see cref="DataJson"/>: finds a task with the same data in
    /// the project. Null only on tasks from before it existed, until the hash backfill reaches them.
    /// </summary>
    public long? ContentHash { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public int RequiredRatings { get; set; }
    /// <summary>Rater annotations that count towards <see cref="RequiredRatings"/> (skips and imported ones do not).</summary>
    public int CompletedCount { get; set; }
    public int SkipCount { get; set; }
    public bool IsComplete { get; set; }
    /// <summary>A random sort key fixed at import, for projects that serve tasks in random order.</summary>
    public int RandomKey { get; set; }
    /// <summary>Extra ratings asked for by dynamic overlap (counted in <see cref="RequiredRatings"/>).</summary>
    public int AutoExtraRatings { get; set; }
    /// <summary>
    /// When a click task left the queue because its pair became decided or judged (null while it is queued). A withdrawn
    /// task keeps its rows (annotations, gold, outcome revisions), so versions and the label history stay reproducible;
    /// it is also <see cref="IsComplete"/>, which keeps it out of the rater queue and the open counts on their indexes.
    /// </summary>
    public DateTime? WithdrawnAt { get; set; }
}
