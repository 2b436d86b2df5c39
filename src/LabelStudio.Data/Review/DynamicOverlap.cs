using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Database;
using LabelStudio.Data.Labeling;
using LabelStudio.Data.Projects;

namespace LabelStudio.Data.Review;

/// <summary>
/// Dynamic overlap: before a conflict reaches a lead, ask for up to the project's <see cref="Project.AutoExtraRatings"/>
/// extra ratings, one at a time. The task goes back to raters (its outcome is Open again) and is scored anew when the
/// rating arrives; a conflict reaches leads only if it survives them, or when no member is left to rate it.
/// </summary>
public static class DynamicOverlap
{
    /// <summary>Asks for one more rating of a task that just became a conflict; false when the task goes to leads.</summary>
    public static async Task<bool> TryAskForMoreAsync(AppDbContext db, Project project, long taskId, DateTime now,
        OpenTaskCountCache openCounts, CancellationToken ct)
    {
        if (project.AutoExtraRatings <= 0) return false;
        if (await ReviewWrites.EligibleRatersAsync(db, project.Id, taskId, ct) == 0) return false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await ReviewWrites.AddRequiredRatingsAsync(db, taskId, 1, automatic: true, project.AutoExtraRatings, ct)) return false;
        await ReviewWrites.SetOutcomeStateAsync(db, taskId, project.Id, TaskOutcomeState.Open, now, ct);
        await tx.CommitAsync(ct);
        // The task is open again: the raters' remaining count includes it from the next request on.
        openCounts.Invalidate(project.Id);
        return true;
    }
}
