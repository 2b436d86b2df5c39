namespace LabelStudio.Data.Review;

/// <summary>What changed in a project's review queue.</summary>
public enum ReviewChangeKind
{
    /// <summary>A task became a conflict for leads.</summary>
    ConflictArose,
    /// <summary>A lead resolved a task (or set gold on a conflict).</summary>
    Resolved,
    /// <summary>Many outcomes may have changed (a project recompute).</summary>
    Recomputed,
    /// <summary>A rater was paused from the project.</summary>
    RaterPaused,
}

public sealed record ReviewChange(long ProjectId, long? TaskId, ReviewChangeKind Kind);

/// <summary>
/// In-process notifications of the review queue, so open review pages update live (Blazor Server push) when a conflict
/// arises or another lead resolves one. Handlers run on the raising thread and must not block.
/// </summary>
public sealed class ReviewNotifier
{
    public event Action<ReviewChange>? Changed;

    public void Raise(long projectId, long? taskId, ReviewChangeKind kind) => Changed?.Invoke(new ReviewChange(projectId, taskId, kind));
}
