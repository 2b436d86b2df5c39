using System.Data;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Core.Results;
using LabelStudio.Data.Common;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Database;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;
using static LabelStudio.Data.Labeling.LabelingRules;

namespace LabelStudio.Data.Labeling;

/// <summary>
/// The rater's loop: reserve the next task, submit or skip it. Every reservation and submission is one serializable
/// transaction, so completed ratings plus live reservations never exceed a task's required ratings.
/// </summary>
public sealed class LabelingService(IDbContextFactory<AppDbContext> dbFactory, LabelingConfigCache configs,
    TimeProvider clock, TaskOutcomeService outcomes, OpenTaskCountCache openCounts, Review.GoldCheckService goldChecks)
{
    public async Task<TaskAssignment?> NextAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        var userId = actor.RequireUserId();
        return await WithRetryAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var project = await RequireMemberProjectAsync(db, projectId, userId, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            var expires = now.AddMinutes(project.LeaseMinutes);

            await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
            await db.Reservations.Where(r => r.ProjectId == projectId && r.ExpiresAt <= now).ExecuteDeleteAsync(ct);

            // A rater who reloads keeps the task they already hold.
            var held = await db.Reservations
                .Where(r => r.ProjectId == projectId && r.UserId == userId)
                .OrderBy(r => r.CreatedAt).Select(r => (long?)r.TaskId).FirstOrDefaultAsync(ct);
            long? taskId = held;
            if (held is { } heldId)
            {
                await db.Reservations.Where(r => r.TaskId == heldId && r.UserId == userId)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.ExpiresAt, expires), ct);
            }
            else
            {
                taskId = await Review.GoldCheckService.PickAsync(db, project, userId, ct) ?? await FindCandidateAsync(db, project, userId, ct);
                if (taskId is { } id)
                {
                    db.Reservations.Add(new Reservation
                    {
                        TaskId = id, ProjectId = projectId, UserId = userId, CreatedAt = now, ExpiresAt = expires,
                    });
                    await db.SaveChangesAsync(ct);
                }
            }
            await tx.CommitAsync(ct);

            if (taskId is not { } assigned) return null;
            var data = await db.Tasks.AsNoTracking().Where(t => t.Id == assigned).Select(t => t.DataJson).FirstAsync(ct);
            var progress = await ProgressAsync(db, projectId, userId, now, ct);
            var draft = await DraftService.FindAsync(db, assigned, userId, ct);
            var suggestion = draft is null ? await SuggestionAsync(db, project, assigned, data, ct) : null;
            return new TaskAssignment(assigned, projectId, data, project.LabelConfigXml, project.LabelConfigVersion,
                expires, project.AllowSkip, progress, draft is { RevisesId: null } ? draft : null, suggestion);
        });
    }

    public async Task<SubmitResult> SubmitAsync(long taskId, SubmitRequest request, Actor actor, CancellationToken ct = default)
    {
        var userId = actor.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (task, project) = await LoadTaskAsync(db, taskId, userId, ct);
        var config = configs.Get(project.Id, project.LabelConfigVersion, project.LabelConfigXml);
        Validate(config, request.Result, task.DataJson, request.NoEntities);

        return await WriteAnnotationAsync(task, project, userId, ResultJson.Serialize(request.Result),
            SerializeNames(request.NoEntities), request.LeadTimeSeconds, request.IdempotencyKey, skipped: false, ct);
    }

    public async Task<SubmitResult> SkipAsync(long taskId, string? idempotencyKey, Actor actor, CancellationToken ct = default)
    {
        var userId = actor.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (task, project) = await LoadTaskAsync(db, taskId, userId, ct);
        if (!project.AllowSkip) throw new ConflictException("Skipping is not allowed in this project.");
        return await WriteAnnotationAsync(task, project, userId, "[]", null, 0, idempotencyKey, skipped: true, ct);
    }

    public async Task<LabelingProgress> ProgressAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        var userId = actor.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await RequireMemberProjectAsync(db, projectId, userId, ct);
        return await ProgressAsync(db, projectId, userId, clock.GetUtcNow().UtcDateTime, ct);
    }

    /// <summary>The rater's own annotations on a task, every revision: a rater never sees anyone else's.</summary>
    public async Task<IReadOnlyList<AnnotationView>> MyAnnotationsAsync(long taskId, Actor actor, CancellationToken ct = default)
    {
        var userId = actor.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Annotations.AsNoTracking().Where(a => a.TaskId == taskId && a.UserId == userId)
            .OrderBy(a => a.Revision).ToListAsync(ct);
        return rows.Select(a => new AnnotationView(a.Id, a.TaskId, a.UserId, a.Source.ToString(), a.ResultJson,
                a.ConfigVersion, a.LeadTimeSeconds, a.CreatedAt, a.WasSkipped, a.Revision, a.SupersedesId,
                rows.FirstOrDefault(n => n.SupersedesId == a.Id)?.Id, ParseNames(a.NoEntitiesJson)))
            .ToList();
    }

    private async Task<SubmitResult> WriteAnnotationAsync(LabelTask task, Project project, string userId,
        string resultJson, string? noEntitiesJson, double leadTime, string? idempotencyKey, bool skipped, CancellationToken ct)
    {
        var written = await WithRetryAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
            var now = clock.GetUtcNow().UtcDateTime;

            var existing = await db.Annotations.AsNoTracking()
                .Where(a => a.TaskId == task.Id && a.UserId == userId && a.Revision == 0)
                .Select(a => new { a.Id }).FirstOrDefaultAsync(ct);
            if (existing is null && idempotencyKey is not null)
            {
                existing = await db.Annotations.AsNoTracking().Where(a => a.IdempotencyKey == idempotencyKey)
                    .Select(a => new { a.Id }).FirstOrDefaultAsync(ct);
            }
            if (existing is not null)
            {
                var complete = await db.Tasks.Where(t => t.Id == task.Id).Select(t => t.IsComplete).FirstAsync(ct);
                return new SubmitResult(existing.Id, Duplicate: true, complete);
            }

            var current = await db.Tasks.AsNoTracking().Where(t => t.Id == task.Id)
                .Select(t => new { t.CompletedCount, t.RequiredRatings }).FirstAsync(ct);
            // A gold check may take a gold task past its required ratings.
            if (!skipped && !await Review.GoldCheckService.IsGoldAsync(db, task.Id, ct))
            {
                var othersHolding = await db.Reservations
                    .CountAsync(r => r.TaskId == task.Id && r.UserId != userId && r.ExpiresAt > now, ct);
                if (current.CompletedCount + othersHolding >= current.RequiredRatings)
                {
                    throw new ConflictException(
                        "Your reservation on this task expired and it has since received all its ratings. Take the next task.");
                }
            }

            var annotation = new Annotation
            {
                TaskId = task.Id, ProjectId = project.Id, UserId = userId, Source = AnnotationSource.Rater,
                ResultJson = resultJson, ConfigVersion = project.LabelConfigVersion,
                LeadTimeSeconds = Math.Max(0, leadTime), CreatedAt = now, IdempotencyKey = idempotencyKey,
                WasSkipped = skipped, NoEntitiesJson = noEntitiesJson,
            };
            db.Annotations.Add(annotation);
            await db.SaveChangesAsync(ct);

            var nowComplete = false;
            if (skipped)
            {
                await db.Tasks.Where(t => t.Id == task.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.SkipCount, t => t.SkipCount + 1), ct);
            }
            else
            {
                nowComplete = current.CompletedCount + 1 >= current.RequiredRatings;
                await db.Tasks.Where(t => t.Id == task.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(t => t.CompletedCount, t => t.CompletedCount + 1)
                    .SetProperty(t => t.IsComplete, t => t.CompletedCount + 1 >= t.RequiredRatings), ct);
            }
            await db.Reservations.Where(r => r.TaskId == task.Id && r.UserId == userId).ExecuteDeleteAsync(ct);
            await db.Drafts.Where(d => d.TaskId == task.Id && d.UserId == userId).ExecuteDeleteAsync(ct);
            await tx.CommitAsync(ct);
            if (nowComplete) openCounts.Invalidate(project.Id);
            return new SubmitResult(annotation.Id, Duplicate: false, nowComplete);
        });
        // After the commit, outside the serializable transaction: score the task if it just completed, queue a recompute.
        await outcomes.AfterAnnotationAsync(project, task, written, ct);
        if (!skipped) await goldChecks.AfterAnnotationAsync(project, task.Id, userId, written, ct);
        return written;
    }

    /// <summary>
    /// Closest to completion first, so ratings complete task by task; then the project's order. One indexed walk per
    /// completion level, because a single ORDER BY CompletedCount DESC, Id would sort every open task (seconds at a
    /// million tasks).
    /// </summary>
    private static async Task<long?> FindCandidateAsync(AppDbContext db, Project project, string userId, CancellationToken ct)
    {
        var open = OpenTasks(db, project.Id);
        var top = await open.MaxAsync(t => (int?)t.CompletedCount, ct);
        for (var level = top ?? -1; level >= 0; level--)
        {
            var completed = level;
            var candidates = open.Where(t => t.CompletedCount == completed
                && t.CompletedCount + db.Reservations.Count(r => r.TaskId == t.Id) < t.RequiredRatings
                && !db.Annotations.Any(a => a.TaskId == t.Id && a.UserId == userId));
            var ordered = project.Order == TaskOrder.Random
                ? candidates.OrderBy(t => t.RandomKey).ThenBy(t => t.Id)
                : candidates.OrderBy(t => t.Id);
            var id = await ordered.Select(t => (long?)t.Id).FirstOrDefaultAsync(ct);
            if (id is not null) return id;
        }
        return null;
    }

    private static IQueryable<LabelTask> OpenTasks(AppDbContext db, long projectId)
    {
        // A variable, not a literal: EF turns "!IsComplete" into NOT(IsComplete), which SQLite cannot seek in an
        // index; "IsComplete = @p" walks (ProjectId, IsComplete, CompletedCount, Id) directly.
        var incomplete = false;
        return db.Tasks.Where(t => t.ProjectId == projectId && t.IsComplete == incomplete);
    }

    /// <summary>
    /// Exact after every submit, and zero exactly when <see cref="NextAsync"/> would find nothing: open tasks (cached,
    /// dropped whenever a task completes), minus those this rater answered or skipped, minus those other raters' live
    /// reservations fill up.
    /// </summary>
    private async Task<LabelingProgress> ProgressAsync(AppDbContext db, long projectId, string userId,
        DateTime now, CancellationToken ct)
    {
        var today = now.Date;
        var mine = db.Annotations.Where(a => a.ProjectId == projectId && a.UserId == userId && a.Revision == 0);
        var answered = mine.Where(a => !a.WasSkipped);
        var doneToday = await answered.CountAsync(a => a.CreatedAt >= today, ct);
        var doneTotal = await answered.CountAsync(ct);
        var openTasks = OpenTasks(db, projectId);
        var open = await openCounts.GetAsync(projectId, () => openTasks.CountAsync(ct));
        var mineOpen = await mine.CountAsync(a => openTasks.Any(t => t.Id == a.TaskId), ct);
        // From the reservations (a handful) to their tasks, never the other way round: a walk over the open tasks
        // would cost a scan of the project on every request.
        var heldByOthers = db.Reservations.Where(r => r.ProjectId == projectId && r.UserId != userId && r.ExpiresAt > now);
        var blocked = await heldByOthers.Select(r => r.TaskId).Distinct()
            .Where(id => openTasks.Any(t => t.Id == id && t.CompletedCount + heldByOthers.Count(r => r.TaskId == id) >= t.RequiredRatings)
                && !db.Annotations.Any(a => a.TaskId == id && a.UserId == userId))
            .CountAsync(ct);
        return new LabelingProgress(doneToday, Math.Max(0, open - mineOpen - blocked), doneTotal);
    }

    /// <summary>The task's best prediction (highest score, then newest), keeping only the regions that fit the current configuration.</summary>
    private async Task<IReadOnlyList<ResultItem>?> SuggestionAsync(AppDbContext db, Project project, long taskId, string dataJson,
        CancellationToken ct)
    {
        var json = await db.Predictions.AsNoTracking().Where(p => p.TaskId == taskId)
            .OrderByDescending(p => p.Score ?? double.MinValue).ThenByDescending(p => p.Id)
            .Select(p => p.ResultJson).FirstOrDefaultAsync(ct);
        if (json is null) return null;
        LabelingConfiguration config;
        try
        {
            config = configs.Get(project.Id, project.LabelConfigVersion, project.LabelConfigXml);
        }
        catch (DomainValidationException)
        {
            return null;
        }
        var data = ParseData(dataJson);
        var kept = ParseResult(json)
            .Where(item => AnnotationValidator.Check(config, [item], data).All(p => p.Key != item.FromName && p.Key != AnnotationValidator.ResultKey))
            .Select(item => item with { Origin = "prediction" })
            .ToList();
        return kept.Count == 0 ? null : kept;
    }
}
