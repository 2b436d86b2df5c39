using LabelStudio.Quality;
using System.Text.Json;
using System.Text.Json.Nodes;
using LabelStudio.Core.Results;
using LabelStudio.Data.Audit;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Quality;

/// <summary>A task's current gold answer as the API returns it.</summary>
/// <param name="HasGold">False when the task never had gold or its latest gold row is a retraction.</param>
public sealed record GoldView(long TaskId, long ProjectId, bool HasGold, IReadOnlyList<ResultItem> Result, GoldSource? Source,
    string? CreatedById, DateTime? CreatedAt, string? Comment);

/// <summary>
/// Gold answers: known-true results for tasks. Only administrators and the project's leads may read or set them (a rater
/// member gets "access denied", a non-member "not found"); raters never see gold. Rows are append-only: setting gold
/// appends a row, retracting appends a row with <see cref="GoldAnswer.IsRetracted"/>; the latest row of a task wins.
/// After a change the task is re-scored at once (if it has all its ratings) and a project recompute is queued, so the
/// Dawid–Skene model and the raters' gold accuracy follow. Gold set by a lead on a task in conflict also resolves the
/// conflict: an Edit <see cref="Review.Resolution"/> with the gold answer is appended in the same transaction.
/// </summary>
public sealed class GoldService(IDbContextFactory<AppDbContext> dbFactory, LabelingConfigCache configs, TaskOutcomeService outcomes,
    QualityRecomputeQueue recompute, Review.ReviewNotifier notifier, TimeProvider clock, AuditLog audit, WriteLock writeLock)
{
    public const int MaxCommentLength = 2000;

    public async Task<GoldView> GetAsync(long taskId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await RequireTaskAsync(db, taskId, ct);
        await QualityService.RequireLeadAsync(db, task.ProjectId, actor, ct, taskId);
        var row = await db.GoldAnswers.AsNoTracking().Where(g => g.TaskId == taskId).OrderByDescending(g => g.Id).FirstOrDefaultAsync(ct);
        return ToView(taskId, task.ProjectId, row);
    }

    /// <summary>Sets the task's gold answer (validated against the project's labeling configuration).</summary>
    public async Task<GoldView> SetAsync(long taskId, IReadOnlyList<ResultItem>? result, string? comment, Actor actor,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await RequireTaskAsync(db, taskId, ct);
        var project = await QualityService.RequireLeadAsync(db, task.ProjectId, actor, ct, taskId);
        if (result is null || result.Count == 0)
        {
            throw new DomainValidationException("A gold answer needs at least one result region; to remove the gold answer, use DELETE.");
        }
        var config = configs.Get(project.Id, project.LabelConfigVersion, project.LabelConfigXml);
        var problems = AnnotationValidator.Validate(config, result, JsonNode.Parse(task.DataJson) as JsonObject);
        if (problems.Count > 0) throw new DomainValidationException(problems);
        var resultJson = ResultJson.Serialize(result);
        GoldAnswer row;
        bool resolves;
        // Deciding a conflict takes the task out of the review queue: it waits for the writer like a resolution.
        using (await writeLock.EnterAsync(ct))
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            row = await AppendAsync(db, task.Id, task.ProjectId, resultJson, GoldSource.Manual, retracted: false, comment, actor, ct);
            // A person's gold on a conflict is their decision on it (the command line's system actor only records gold).
            resolves = actor.UserId is not null
                       && await db.TaskOutcomes.AnyAsync(o => o.TaskId == taskId && o.State == TaskOutcomeState.Conflict, ct);
            if (resolves)
            {
                var now = clock.GetUtcNow().UtcDateTime;
                db.Resolutions.Add(new Review.Resolution
                {
                    TaskId = taskId, ProjectId = task.ProjectId, DecidedById = actor.UserId!, Decision = Review.ResolutionDecision.Edit,
                    ResultJson = resultJson, Comment = row.Comment, GoldAnswerId = row.Id, CreatedAt = now,
                    BasedOnAnnotationIdsJson = JsonSerializer.Serialize(await Review.ReviewWrites.RaterAnnotationIdsAsync(db, taskId, ct)),
                });
                await db.SaveChangesAsync(ct);
                await Review.ReviewWrites.SetOutcomeStateAsync(db, taskId, task.ProjectId, TaskOutcomeState.Resolved, now, ct);
            }
            await tx.CommitAsync(ct);
        }
        await AfterChangeAsync(project, task, ct);
        if (resolves) notifier.Raise(project.Id, taskId, Review.ReviewChangeKind.Resolved);
        return ToView(taskId, task.ProjectId, row);
    }

    /// <summary>Makes the task's stored consensus (the raters' answer) its gold answer; refused when the raters tied.</summary>
    public async Task<GoldView> UseConsensusAsync(long taskId, string? comment, Actor actor, CancellationToken ct = default)
    {
        TaskOutcome? outcome;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var task = await RequireTaskAsync(db, taskId, ct);
            await QualityService.RequireLeadAsync(db, task.ProjectId, actor, ct, taskId);
            outcome = await db.TaskOutcomes.AsNoTracking().FirstOrDefaultAsync(o => o.TaskId == taskId, ct);
        }
        if (outcome is not null && (JsonSerializer.Deserialize<List<ControlOutcome>>(outcome.DetailsJson, QualityJson.Options) ?? [])
                .FirstOrDefault(c => c.NoMajority) is { } tied)
        {
            throw new DomainValidationException(
                $"The raters have no majority on \"{tied.Control}\", so there is no consensus to use; choose the answer yourself.");
        }
        if (outcome is not null && (JsonSerializer.Deserialize<List<ControlOutcome>>(outcome.DetailsJson, QualityJson.Options) ?? [])
                .FirstOrDefault(c => c.SpanTie) is { } split)
        {
            throw new DomainValidationException(
                $"The raters split on a span of \"{split.Control}\" (its label, or whether it is an entity at all), so the consensus has no answer there; build the answer yourself.");
        }
        var result = outcome?.ConsensusResultJson is { } consensus ? TaskOutcomeService.ParseResult(consensus) : [];
        if (result.Count == 0) throw new DomainValidationException("The task has no consensus answer yet.");
        return await SetAsync(taskId, result, comment, actor, ct);
    }

    /// <summary>Withdraws the task's gold answer (appends a retraction row). Idempotent.</summary>
    public async Task<GoldView> RetractAsync(long taskId, string? comment, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await RequireTaskAsync(db, taskId, ct);
        var project = await QualityService.RequireLeadAsync(db, task.ProjectId, actor, ct, taskId);
        var latest = await db.GoldAnswers.AsNoTracking().Where(g => g.TaskId == taskId).OrderByDescending(g => g.Id).FirstOrDefaultAsync(ct);
        if (latest is null || latest.IsRetracted) return ToView(taskId, task.ProjectId, latest);
        var row = await AppendAsync(db, task.Id, task.ProjectId, "[]", GoldSource.Manual, retracted: true, comment, actor, ct);
        await AfterChangeAsync(project, task, ct);
        return ToView(taskId, task.ProjectId, row);
    }

    /// <summary>The current gold answers of a project (or of some of its tasks): task id → gold result.</summary>
    public static async Task<Dictionary<long, IReadOnlyList<ResultItem>>> LoadCurrentAsync(AppDbContext db, long projectId,
        IReadOnlyCollection<long>? taskIds, CancellationToken ct)
    {
        var rows = db.GoldAnswers.AsNoTracking().Where(g => g.ProjectId == projectId);
        if (taskIds is not null) rows = rows.Where(g => taskIds.Contains(g.TaskId));
        var latest = new Dictionary<long, (bool Retracted, string Json)>();
        await foreach (var g in rows.OrderBy(g => g.Id).Select(g => new { g.TaskId, g.IsRetracted, g.ResultJson })
                           .AsAsyncEnumerable().WithCancellation(ct))
        {
            latest[g.TaskId] = (g.IsRetracted, g.ResultJson);
        }
        var result = new Dictionary<long, IReadOnlyList<ResultItem>>(latest.Count);
        foreach (var (taskId, row) in latest)
        {
            if (row.Retracted) continue;
            var parsed = TaskOutcomeService.ParseResult(row.Json);
            if (parsed.Count > 0) result[taskId] = parsed;
        }
        return result;
    }

    /// <summary>One task's current gold result, or null.</summary>
    public static async Task<IReadOnlyList<ResultItem>?> LoadCurrentAsync(AppDbContext db, long taskId, CancellationToken ct)
    {
        var row = await db.GoldAnswers.AsNoTracking().Where(g => g.TaskId == taskId).OrderByDescending(g => g.Id)
            .Select(g => new { g.IsRetracted, g.ResultJson }).FirstOrDefaultAsync(ct);
        if (row is null || row.IsRetracted) return null;
        var parsed = TaskOutcomeService.ParseResult(row.ResultJson);
        return parsed.Count > 0 ? parsed : null;
    }

    private async Task<GoldAnswer> AppendAsync(AppDbContext db, long taskId, long projectId, string resultJson, GoldSource source,
        bool retracted, string? comment, Actor actor, CancellationToken ct)
    {
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (comment is { Length: > MaxCommentLength }) throw new DomainValidationException($"The comment is longer than {MaxCommentLength} characters.");
        var row = new GoldAnswer
        {
            TaskId = taskId, ProjectId = projectId, ResultJson = resultJson, Source = source, IsRetracted = retracted,
            CreatedById = actor.UserId, CreatedAt = clock.GetUtcNow().UtcDateTime, Comment = comment,
        };
        db.GoldAnswers.Add(row);
        await audit.AddAsync(db, retracted ? AuditActions.GoldRetracted : AuditActions.GoldSet, actor, AuditTarget.Task(taskId),
            comment, projectId, ct);
        await db.SaveChangesAsync(ct);
        return row;
    }

    private async Task AfterChangeAsync(Project project, Labeling.LabelTask task, CancellationToken ct)
    {
        if (task.IsComplete && task.WithdrawnAt is null) await outcomes.ScoreAsync(project, task.Id, task.DataJson, ct);
        recompute.Request(project.Id);
    }

    private static async Task<Labeling.LabelTask> RequireTaskAsync(AppDbContext db, long taskId, CancellationToken ct) =>
        await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, ct)
        ?? throw new NotFoundException($"Task {taskId} does not exist.");

    private static GoldView ToView(long taskId, long projectId, GoldAnswer? row) =>
        row is null || row.IsRetracted
            ? new GoldView(taskId, projectId, false, [], row?.Source, row?.CreatedById, row?.CreatedAt, row?.Comment)
            : new GoldView(taskId, projectId, true, TaskOutcomeService.ParseResult(row.ResultJson), row.Source, row.CreatedById,
                row.CreatedAt, row.Comment);
}
