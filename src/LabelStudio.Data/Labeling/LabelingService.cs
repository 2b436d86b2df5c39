using System.Data;
using LabelStudio.Core.Results;
using LabelStudio.Data.Common;
using LabelStudio.Data.Consensus;
using LabelStudio.Data.Database;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Labeling;

/// <summary>
/// The rater's loop: reserve the next task, submit or skip it. Every reservation and submission is one serializable
/// transaction, so completed ratings plus live reservations never exceed a task's required ratings.
/// </summary>
public sealed class LabelingService(IDbContextFactory<AppDbContext> dbFactory, LabelingConfigCache configs,
    TimeProvider clock, TaskOutcomeService outcomes, OpenTaskCountCache openCounts, Review.GoldCheckService goldChecks)
{
    private const int MaxAttempts = 5;

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
            return new TaskAssignment(assigned, projectId, data, project.LabelConfigXml, project.LabelConfigVersion,
                expires, project.AllowSkip, progress);
        });
    }

    public async Task<SubmitResult> SubmitAsync(long taskId, SubmitRequest request, Actor actor, CancellationToken ct = default)
    {
        var userId = actor.RequireUserId();
        var (task, project) = await LoadTaskAsync(taskId, userId, ct);

        var config = configs.Get(project.Id, project.LabelConfigVersion, project.LabelConfigXml);
        var taskData = System.Text.Json.Nodes.JsonNode.Parse(task.DataJson) as System.Text.Json.Nodes.JsonObject;
        var problems = Core.Results.AnnotationValidator.Validate(config, request.Result, taskData);
        if (problems.Count > 0) throw new DomainValidationException(problems);

        return await WriteAnnotationAsync(task, project, userId, ResultJson.Serialize(request.Result),
            request.LeadTimeSeconds, request.IdempotencyKey, skipped: false, ct);
    }

    public async Task<SubmitResult> SkipAsync(long taskId, string? idempotencyKey, Actor actor, CancellationToken ct = default)
    {
        var userId = actor.RequireUserId();
        var (task, project) = await LoadTaskAsync(taskId, userId, ct);
        if (!project.AllowSkip) throw new ConflictException("Skipping is not allowed in this project.");
        return await WriteAnnotationAsync(task, project, userId, "[]", 0, idempotencyKey, skipped: true, ct);
    }

    public async Task<LabelingProgress> ProgressAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        var userId = actor.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await RequireMemberProjectAsync(db, projectId, userId, ct);
        return await ProgressAsync(db, projectId, userId, clock.GetUtcNow().UtcDateTime, ct);
    }

    /// <summary>The rater's own annotations on a task: a rater never sees anyone else's.</summary>
    public async Task<IReadOnlyList<AnnotationView>> MyAnnotationsAsync(long taskId, Actor actor, CancellationToken ct = default)
    {
        var userId = actor.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Annotations.AsNoTracking().Where(a => a.TaskId == taskId && a.UserId == userId)
            .Select(a => new AnnotationView(a.Id, a.TaskId, a.UserId, a.Source.ToString(), a.ResultJson,
                a.ConfigVersion, a.LeadTimeSeconds, a.CreatedAt, a.WasSkipped))
            .ToListAsync(ct);
    }

    private async Task<SubmitResult> WriteAnnotationAsync(LabelTask task, Project project, string userId,
        string resultJson, double leadTime, string? idempotencyKey, bool skipped, CancellationToken ct)
    {
        var written = await WithRetryAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
            var now = clock.GetUtcNow().UtcDateTime;

            var existing = await db.Annotations.AsNoTracking()
                .Where(a => a.TaskId == task.Id && a.UserId == userId)
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
                WasSkipped = skipped,
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
            await tx.CommitAsync(ct);
            return new SubmitResult(annotation.Id, Duplicate: false, nowComplete);
        });
        // After the commit, outside the serializable transaction: score the task if it just completed, queue a recompute.
        await outcomes.AfterAnnotationAsync(project, task, written, ct);
        if (!skipped) await goldChecks.AfterAnnotationAsync(project, task.Id, userId, written, ct);
        return written;
    }

    private async Task<(LabelTask Task, Project Project)> LoadTaskAsync(long taskId, string userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, ct)
                   ?? throw new NotFoundException($"Task {taskId} does not exist.");
        var project = await RequireMemberProjectAsync(db, task.ProjectId, userId, ct);
        return (task, project);
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

    private async Task<LabelingProgress> ProgressAsync(AppDbContext db, long projectId, string userId,
        DateTime now, CancellationToken ct)
    {
        var today = now.Date;
        var mine = db.Annotations.Where(a => a.ProjectId == projectId && a.UserId == userId);
        var answered = mine.Where(a => !a.WasSkipped);
        var doneToday = await answered.CountAsync(a => a.CreatedAt >= today, ct);
        var doneTotal = await answered.CountAsync(ct);
        // Open tasks minus the open tasks this rater already answered or skipped: two index counts, no scan per task.
        var openTasks = OpenTasks(db, projectId);
        var open = await openCounts.GetAsync(projectId, () => openTasks.CountAsync(ct));
        var mineOpen = await mine.CountAsync(a => openTasks.Any(t => t.Id == a.TaskId), ct);
        return new LabelingProgress(doneToday, Math.Max(0, open - mineOpen), doneTotal);
    }

    private static async Task<Project> RequireMemberProjectAsync(AppDbContext db, long projectId, string userId,
        CancellationToken ct)
    {
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct);
        var paused = await db.ProjectMembers.Where(m => m.ProjectId == projectId && m.UserId == userId)
            .Select(m => new { m.PausedAt }).FirstOrDefaultAsync(ct);
        if (project is null || paused is null)
        {
            throw new NotFoundException($"Project {projectId} does not exist or you are not a member of it.");
        }
        if (paused.PausedAt is not null)
        {
            throw new AccessDeniedException("You are paused on this project because of your answers on check tasks. A lead of the project has been told and can let you continue.");
        }
        return project;
    }

    private static async Task<T> WithRetryAsync<T>(Func<Task<T>> action)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action();
            }
            catch (Exception e) when (attempt < MaxAttempts && IsTransient(e))
            {
                await Task.Delay(Random.Shared.Next(5, 25 * attempt));
            }
        }
    }

    /// <summary>Deadlocks and serialization failures (SQL Server) or a lost unique race: safe to run again.</summary>
    private static bool IsTransient(Exception e) => e switch
    {
        DbUpdateException { InnerException: { } inner } => IsTransient(inner),
        Microsoft.Data.SqlClient.SqlException sql => sql.Number is 1205 or 3960,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6 or 19,
        _ => false,
    };
}
