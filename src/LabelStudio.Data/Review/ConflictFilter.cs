namespace LabelStudio.Data.Review;

/// <summary>
/// Narrows the review queue: a conflict reason (Tie, LowShare, LowPosterior, LowAgreement, GoldDisagreement), a label
/// some rater gave, a rater who rated the task, an import batch. Null fields do not filter.
/// </summary>
public sealed record ConflictFilter(string? Reason = null, string? Label = null, string? RaterId = null, long? BatchId = null)
{
    public static ConflictFilter None { get; } = new();
}
