namespace LabelStudio.Data.Review;

/// <summary>
/// A lead's decision on a task. Append-only: a task can be resolved again and keeps every earlier row; the latest row
/// (highest <see cref="Id"/>) is the one that counts. Accept and Edit carry the final result; MoreRatings sends the task
/// back to raters; Invalid takes it out of every dataset.
/// </summary>
public sealed class Resolution
{
    public long Id { get; set; }
    public long TaskId { get; set; }
    /// <summary>A copy of the task's project (indexed, no FK: the task cascade removes the row).</summary>
    public long ProjectId { get; set; }
    public string DecidedById { get; set; } = "";
    public ResolutionDecision Decision { get; set; }
    /// <summary>The final answer as a Label Studio result array (Accept and Edit); null otherwise.</summary>
    public string? ResultJson { get; set; }
    /// <summary>The accepted annotation (Accept only).</summary>
    public long? AcceptedAnnotationId { get; set; }
    /// <summary>Extra ratings asked for (MoreRatings only).</summary>
    public int? ExtraRatings { get; set; }
    public string? Comment { get; set; }
    /// <summary>The ids of the task's rater annotations when the lead decided, as a JSON array.</summary>
    public string BasedOnAnnotationIdsJson { get; set; } = "[]";
    /// <summary>The gold answer this resolution was saved as, if any.</summary>
    public long? GoldAnswerId { get; set; }
    public DateTime CreatedAt { get; set; }
}
