namespace LabelStudio.Web.Features.Review;

/// <summary>The unread count of "My feedback" for the circuit's menu; the page clears it when it marks everything read.</summary>
public sealed class FeedbackBadge
{
    public event Action? Cleared;

    public void Clear() => Cleared?.Invoke();
}
