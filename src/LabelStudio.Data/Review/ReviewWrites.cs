using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Database;
using LabelStudio.Data.Labeling;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Review;

/// <summary>The writes that resolutions, gold on a conflict and dynamic overlap share; callers own the transaction.</summary>
internal static class ReviewWrites
{
    /// <summary>Sets the task's outcome state, inserting a bare row when the task has none yet.</summary>
    public static async Task SetOutcomeStateAsync(AppDbContext db, long taskId, long projectId, TaskOutcomeState state, DateTime now,
        CancellationToken ct)
    {
        var updated = await db.TaskOutcomes.Where(o => o.TaskId == taskId)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.State, state).SetProperty(o => o.ComputedAt, now), ct);
        if (updated == 0)
        {
            db.TaskOutcomes.Add(new TaskOutcome { TaskId = taskId, ProjectId = projectId, State = state, ComputedAt = now });
            await db.SaveChangesAsync(ct);
        }
        await OutcomeHistory.AppendCurrentAsync(db, taskId, now, ct);
    }

    /// <summary>The task's rater annotations (not skips), oldest first.</summary>
    public static async Task<List<long>> RaterAnnotationIdsAsync(AppDbContext db, long taskId, CancellationToken ct) =>
        await db.CurrentRatings().AsNoTracking()
            .Where(a => a.TaskId == taskId)
            .OrderBy(a => a.Id).Select(a => a.Id).ToListAsync(ct);

    /// <summary>Raters of the project who may still rate the task: not paused, and no answer or skip on it yet.</summary>
    public static Task<int> EligibleRatersAsync(AppDbContext db, long projectId, long taskId, CancellationToken ct) =>
        db.ProjectMembers.CountAsync(m => m.ProjectId == projectId && m.Role == Projects.ProjectRole.Rater && m.PausedAt == null
            && !db.Annotations.Any(a => a.TaskId == taskId && a.UserId == m.UserId), ct);

    /// <summary>A decided task needs no more ratings: it leaves the raters' queue and live reservations on it end.</summary>
    public static async Task StopRatingAsync(AppDbContext db, long taskId, CancellationToken ct)
    {
        await db.Tasks.Where(t => t.Id == taskId && !t.IsComplete)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RequiredRatings, t => t.CompletedCount).SetProperty(t => t.IsComplete, true), ct);
        await db.Reservations.Where(r => r.TaskId == taskId).ExecuteDeleteAsync(ct);
    }

    /// <summary>Raises the task's required ratings so it goes back to raters; returns false when nothing was updated.</summary>
    public static async Task<bool> AddRequiredRatingsAsync(AppDbContext db, long taskId, int extra, bool automatic, int maxAutomatic,
        CancellationToken ct)
    {
        var rows = automatic
            ? db.Tasks.Where(t => t.Id == taskId && t.AutoExtraRatings < maxAutomatic)
            : db.Tasks.Where(t => t.Id == taskId);
        var auto = automatic ? extra : 0;
        return await rows.ExecuteUpdateAsync(s => s
            .SetProperty(t => t.RequiredRatings, t => t.RequiredRatings + extra)
            .SetProperty(t => t.AutoExtraRatings, t => t.AutoExtraRatings + auto)
            .SetProperty(t => t.IsComplete, t => t.CompletedCount >= t.RequiredRatings + extra), ct) > 0;
    }
}
