namespace LabelStudio.Data.Review;

/// <summary>One of a rater's tasks whose final label differs from their answer.</summary>
/// <param name="Comment">The lead's comment when a lead decided.</param>
/// <param name="DecidedAt">When the final label was decided (the resolution, or the last rating for a consensus).</param>
public sealed record FeedbackItem(long ProjectId, string ProjectName, long TaskId, string TaskName, string? Text, string YourAnswer,
    string FinalAnswer, FinalLabelOrigin Origin, string? Comment, string? DecidedBy, DateTime DecidedAt, bool Unread);

public sealed record FeedbackList(IReadOnlyList<FeedbackItem> Items, int Unread, int AnswersConsidered);
