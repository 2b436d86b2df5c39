namespace LabelStudio.Data.Projects;

/// <param name="Conflicts">The conflict rule; null keeps the current one on update (the defaults on create).</param>
/// <param name="Review">Dynamic overlap, gold checks and pausing; null keeps the current ones (the defaults on create).</param>
public sealed record ProjectSettings(int Overlap = 3, int LeaseMinutes = 10, TaskOrder Order = TaskOrder.Sequential,
    bool AllowSkip = true, LabelStudio.Quality.ConflictSettings? Conflicts = null, Review.ReviewSettings? Review = null)
{
    public IEnumerable<string> Validate()
    {
        if (Overlap is < 1 or > 50) yield return "Ratings per task must be between 1 and 50.";
        if (LeaseMinutes is < 1 or > 1440) yield return "Task reservation time must be between 1 and 1440 minutes.";
        foreach (var e in Conflicts?.Validate() ?? []) yield return e;
        foreach (var e in Review?.Validate() ?? []) yield return e;
    }
}

public sealed record ProjectDraft(string Name, string Description, string Instructions, string LabelConfigXml,
    ProjectSettings Settings);

public sealed record ProjectSummary(long Id, string Name, string Description, int TaskCount, int CompletedTasks,
    int AnnotationCount, int MemberCount, DateTime CreatedAt)
{
    public double Progress => TaskCount == 0 ? 0 : (double)CompletedTasks / TaskCount;
}

public sealed record ProjectMemberView(string UserId, string Email, string DisplayName, ProjectRole Role);
