namespace LabelStudio.Data.Labeling;

/// <summary>A rater's lease on a task. It counts towards the task's holders until it expires or the rater submits.</summary>
public sealed class Reservation
{
    public long Id { get; set; }
    public long TaskId { get; set; }
    public long ProjectId { get; set; }
    public string UserId { get; set; } = "";
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime ExpiresAt { get; set; }
}
