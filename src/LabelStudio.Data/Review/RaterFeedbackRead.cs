namespace LabelStudio.Data.Review;

/// <summary>When a rater last opened "My feedback": feedback decided later is unread.</summary>
public sealed class RaterFeedbackRead
{
    public string UserId { get; set; } = "";
    public DateTime ReadAt { get; set; }
}
