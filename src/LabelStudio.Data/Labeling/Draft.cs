namespace LabelStudio.Data.Labeling;

/// <summary>
/// A rater's unfinished answer on a task, saved as they work so that a reload or a dropped connection loses nothing.
/// One per (task, rater), overwritten on every save and deleted when the answer is submitted or the task skipped. Not
/// a label: nothing but its owner ever reads it.
/// </summary>
public sealed class Draft
{
    public long Id { get; set; }
    public long TaskId { get; set; }
    public long ProjectId { get; set; }
    public string UserId { get; set; } = "";
    public string ResultJson { get; set; } = "[]";
    public string? NoEntitiesJson { get; set; }
    /// <summary>When the draft revises a submitted answer: that annotation.</summary>
    public long? RevisesId { get; set; }
    public double LeadTimeSeconds { get; set; }
    public DateTime UpdatedAt { get; set; }
}
