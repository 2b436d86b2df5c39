using System.Data;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Core.Results;
using LabelStudio.Data.Common;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Database;
using LabelStudio.Data.Import;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;
using static LabelStudio.Data.Labeling.LabelingRules;

namespace LabelStudio.Data.Labeling;

/// <summary>
/// The rater's loop: reserve the next task, submit or skip it. Every reservation and submission is one serializable
/// transaction, so completed ratings plus live reservations never exceed a task's required ratings.
/// </summary>
public sealed class LabelingService(IDbContextFactory<AppDbContext> dbFactory, LabelingConfigCache configs,
    TimeProvider clock, TaskOutcomeService outcomes, OpenTaskCountCache openCounts, WriteLock writeLock,
    ReservationSweeps sweeps, Review.GoldCheckService goldChecks)
{
    public async Task<TaskAssignment?> NextAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        var userId = actor.RequireUserId();
        using var inFlight = writeLock.BeginRaterRequest();
        return await WithRetryAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var project = await RequireMemberProjectAsync(db, projectId, userId, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            var expires = now.AddMinutes(project.LeaseMinutes);

            // Read before taking the writer: what is hidden (imports being staged) and where the walk starts.
            var walk = await NextTaskWalk.ReadAsync(db, project.Id, ct);

            long? taskId;
            using (await writeLock.EnterAsync(ct))
            {
                await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
                // Expired reservations count for nothing (the walk counts live ones); clearing them is housekeeping,
                // done now and then rather than inside every rater's transaction.
                if (sweeps.Due(projectId, now))
                {
                    await db.Reservations.Where(r => r.ProjectId == projectId && r.ExpiresAt <= now).ExecuteDeleteAsync(ct);
                }

                // A rater who reloads keeps the task they still hold; one whose lease ran out walks again (the task
                // may have gone to someone else meanwhile).
                var own = await db.Reservations.Where(r => r.ProjectId == projectId && r.UserId == userId)
                    .OrderBy(r => r.CreatedAt).Select(r => new { r.TaskId, r.ExpiresAt }).ToListAsync(ct);
                taskId = own.FirstOrDefault(r => r.ExpiresAt > now)?.TaskId;
                if (taskId is { } heldId)
                {
                    await db.Reservations.Where(r => r.TaskId == heldId && r.UserId == userId)
                        .ExecuteUpdateAsync(s => s.SetProperty(r => r.ExpiresAt, expires), ct);
                }
                else
                {
                    if (own.Count > 0)
                    {
                        await db.Reservations.Where(r => r.ProjectId == projectId && r.UserId == userId).ExecuteDeleteAsync(ct);
                    }
                    taskId = await Review.GoldCheckService.PickAsync(db, project, userId, ct)
                             ?? await NextTaskWalk.FindCandidateAsync(db, project, userId, walk, now, ct);
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
            }

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
        RequireKey(request.IdempotencyKey);
        RequireFiniteLeadTime(request.LeadTimeSeconds);
        using var inFlight = writeLock.BeginRaterRequest();
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
        RequireKey(idempotencyKey);
        using var inFlight = writeLock.BeginRaterRequest();
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
                a.ConfigVersion, a.LeadTimeSeconds ?? 0, a.CreatedAt, a.WasSkipped, a.Revision, a.SupersedesId,
                rows.FirstOrDefault(n => n.SupersedesId == a.Id)?.Id, ParseNames(a.NoEntitiesJson)))
            .ToList();
    }

    private async Task<SubmitResult> WriteAnnotationAsync(LabelTask task, Project project, string userId,
        string resultJson, string? noEntitiesJson, double leadTime, string? idempotencyKey, bool skipped, CancellationToken ct)
    {
        var written = await WithRetryAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            using var writing = await writeLock.EnterAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
            var now = clock.GetUtcNow().UtcDateTime;

            // Keys are scoped to the caller and the task: the caller's one answer on this task is the only row a
            // retry can match, so nobody else's key (or answer) can ever stand in for theirs.
            var existing = await db.Annotations.AsNoTracking()
                .Where(a => a.TaskId == task.Id && a.UserId == userId && a.Revision == 0)
                .Select(a => new { a.Id, a.IdempotencyKey, a.ResultJson, a.WasSkipped, a.NoEntitiesJson }).FirstOrDefaultAsync(ct);
            if (existing is not null)
            {
                if (existing.WasSkipped != skipped || existing.ResultJson != resultJson || existing.NoEntitiesJson != noEntitiesJson)
                {
                    throw new ConflictException(idempotencyKey is not null && idempotencyKey == existing.IdempotencyKey
                        ? $"The idempotency key \"{idempotencyKey}\" was already used on this task for a different answer (annotation {existing.Id}); use a new key for a new answer."
                        : $"You already answered this task (annotation {existing.Id}); answers are kept as they were given.");
                }
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
            if (nowComplete) openCounts.TaskCompleted(project.Id);
            return new SubmitResult(annotation.Id, Duplicate: false, nowComplete);
        });
        // After the commit, outside the serializable transaction: score the task if it just completed, queue a recompute.
        await outcomes.AfterAnnotationAsync(project, task, written, ct);
        if (!skipped) await goldChecks.AfterAnnotationAsync(project, task.Id, userId, written, ct);
        return written;
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
        // A rater's own answers are never hidden: only imported rows are.
        var mine = db.Annotations.IgnoreQueryFilters().Where(a => a.ProjectId == projectId && a.UserId == userId && a.Revision == 0);
        var answered = mine.Where(a => !a.WasSkipped);
        var doneToday = await answered.CountAsync(a => a.CreatedAt >= today, ct);
        var doneTotal = await answered.CountAsync(ct);
        var openTasks = NextTaskWalk.OpenTasks(db, projectId);
        var open = await openCounts.GetAsync(projectId, ct);
        var mineOpen = await mine.CountAsync(a => openTasks.Any(t => t.Id == a.TaskId), ct);
        // From the reservations (a handful) to their tasks, never the other way round: a walk over the open tasks
        // would cost a scan of the project on every request.
        var heldByOthers = db.Reservations.Where(r => r.ProjectId == projectId && r.UserId != userId && r.ExpiresAt > now);
        var blocked = await heldByOthers.Select(r => r.TaskId).Distinct()
            .Where(id => openTasks.Any(t => t.Id == id && t.CompletedCount + heldByOthers.Count(r => r.TaskId == id) >= t.RequiredRatings)
                && !db.Annotations.IgnoreQueryFilters().Any(a => a.TaskId == id && a.UserId == userId))
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
