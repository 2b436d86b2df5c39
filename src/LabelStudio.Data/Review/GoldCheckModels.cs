namespace LabelStudio.Data.Review;

/// <summary>A rater's answers on gold tasks of a project (answers since a lead let them resume, when they were paused).</summary>
public sealed record RaterGoldStats(string UserId, string Name, int Answered, int Correct, bool Paused, DateTime? PausedAt,
    string? PauseReason)
{
    public double? Accuracy => Answered == 0 ? null : (double)Correct / Answered;
}
