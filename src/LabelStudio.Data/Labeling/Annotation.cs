namespace LabelStudio.Data.Labeling;

/// <summary>
/// One rater's (or an import's) answer for a task, in Label Studio's result JSON. Append-only: never updated in place.
/// A skip is an annotation with <see cref="WasSkipped"/> set and an empty result, as in Label Studio (was_cancelled).
/// A rater who revises an answer adds a new row with the next <see cref="Revision"/>; the row with the highest revision
/// of a (task, rater) is the current answer (<see cref="AnnotationQueries.CurrentAnnotations"/>), the older ones stay.
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
    /// <summary>
    /// For imported annotations with an author: the <see cref="Import.ImportedRater"/> they count as (null for a rater's
    /// own answers and for imported ones without an author, which take no part in agreement).
    /// </summary>
    public long? ImportedRaterId { get; set; }
    public long? ImportBatchId { get; set; }
    public string ResultJson { get; set; } = "[]";
    public int ConfigVersion { get; set; }
    /// <summary>
    /// Seconds the rater spent; null when unknown (an answer imported without Label Studio's <c>lead_time</c>), so that
    /// an export writes none rather than a made-up 0. Imported before this was nullable, such answers hold 0.
    /// </summary>
    public double? LeadTimeSeconds { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public string? IdempotencyKey { get; set; }
    public bool WasSkipped { get; set; }
    /// <summary>0 for the first answer of a rater on a task, then 1, 2, … for each revision.</summary>
    public int Revision { get; set; }
    /// <summary>The annotation this revision replaces (null for a first answer).</summary>
    public long? SupersedesId { get; set; }
    /// <summary>
    /// Labels controls the rater answered with "no entities" (a JSON array of control names), or null: an explicit answer
    /// that the text has nothing to mark, which is not the same as forgetting to mark it.
    /// </summary>
    public string? NoEntitiesJson { get; set; }
}
