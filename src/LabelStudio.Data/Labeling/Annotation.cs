namespace LabelStudio.Data.Labeling;

/// <summary>
/// One rater's (or an import's) answer for a task, in Label Studio's result JSON. Append-only: never updated in place.
/// A skip is an annotation with <see cref="WasSkipped"/> set and an empty result, as in Label Studio (was_cancelled).
/// </summary>
public sealed class Annotation
{
    public long Id { get; set; }
    public long TaskId { get; set; }
    public long ProjectId { get; set; }
    public string? UserId { get; set; }
    public AnnotationSource Source { get; set; }
    /// <summary>For imported annotations: the author as the file named it (Label Studio's completed_by).</summary>
    public string? ImportedAuthor { get; set; }
    public long? ImportBatchId { get; set; }
    public string ResultJson { get; set; } = "[]";
    public int ConfigVersion { get; set; }
    public double LeadTimeSeconds { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public string? IdempotencyKey { get; set; }
    public bool WasSkipped { get; set; }
}
