using System.Data;
using System.Text.Json.Nodes;
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
/// A rater reopens one of their recent answers and revises it. A revision is a new annotation (the next revision
/// number, pointing at the one it supersedes); the old one stays. Consensus, quality and exports use the newest.
/// Skips cannot be revised: turning a skip into an answer would change how many ratings the task has.
/// </summary>
public sealed class RevisionService(IDbContextFactory<AppDbContext> dbFactory, LabelingConfigCache configs,
    TimeProvider clock, TaskOutcomeService outcomes, WriteLock writeLock)
{
    public const int MaxRecent = 100;

    /// <summary>The rater's current answers in a project, newest first.</summary>
    public async Task<IReadOnlyList<SubmissionView>> RecentAsync(long projectId, int limit, Actor actor, CancellationToken ct = default)
    {
        var userId = actor.RequireUserId();
        limit = Math.Clamp(limit, 1, MaxRecent);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await RequireMemberProjectAsync(db, projectId, userId, ct);
        var rows = await (from a in db.CurrentAnnotations()
                          join t in db.Tasks on a.TaskId equals t.Id
                          where a.ProjectId == projectId && a.UserId == userId && !a.WasSkipped
                          orderby a.CreatedAt descending, a.Id descending
                          select new { a.Id, a.TaskId, t.SourceIndex, a.Revision, a.CreatedAt, a.ResultJson, a.NoEntitiesJson, t.DataJson })
            .Take(limit).ToListAsync(ct);
        var config = TryConfig(project);
        var controls = config is null ? [] : ConsensusControl.From(config);
        return rows.Select(r =>
        {
            var data = ParseData(r.DataJson);
            var text = config is null ? null : FirstText(config, data);
            var spans = controls.FirstOrDefault(c => c.Kind == ConsensusKind.Spans);
            var summary = ParseNames(r.NoEntitiesJson).Count > 0 && ParseResult(r.ResultJson).Count == 0
                ? "No entities"
                : AnswerSummary.Describe(controls, ParseResult(r.ResultJson), spans is null ? null : AnnotationMapping.TaskText(spans, data));
            return new SubmissionView(r.Id, r.TaskId, r.SourceIndex, r.Revision, r.CreatedAt, summary, Shorten(text));
        }).ToList();
    }

    /// <summary>One of the rater's answers with its task, to edit; it must be their current revision.</summary>
    public async Task<RevisionAssignment> OpenAsync(long annotationId, Actor actor, CancellationToken ct = default)
    {
        var userId = actor.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (annotation, task, project) = await LoadOwnAsync(db, annotationId, userId, ct);
        await RequireRevisableAsync(db, annotation, ct);
        var draft = await DraftService.FindAsync(db, task.Id, userId, ct);
        return new RevisionAssignment(annotation.Id, task.Id, project.Id, task.DataJson, project.LabelConfigXml, project.LabelConfigVersion,
            annotation.Revision, ParseResult(annotation.ResultJson), ParseNames(annotation.NoEntitiesJson),
            draft?.RevisesId == annotation.Id ? draft : null);
    }

    /// <summary>
    /// Stores a new revision that supersedes <paramref name="annotationId"/>; the task is re-scored if it is complete.
    /// Idempotency keys are scoped like a submit's, to the caller and the task: a retry with the same key and the same
    /// revision returns the stored one, the same key with another answer is a conflict.
    /// </summary>
    public async Task<SubmitResult> ReviseAsync(long annotationId, SubmitRequest request, Actor actor, CancellationToken ct = default)
    {
        var userId = actor.RequireUserId();
        RequireKey(request.IdempotencyKey);
        RequireFiniteLeadTime(request.LeadTimeSeconds);
        var attempt = new RevisionAttempt(annotationId, userId, request.IdempotencyKey, ResultJson.Serialize(request.Result),
            SerializeNames(request.NoEntities));
        LabelTask task;
        Project project;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            Annotation annotation;
            (annotation, task, project) = await LoadOwnAsync(db, annotationId, userId, ct);
            // A retry after the revision was stored finds its own row, before the "already revised" check refuses it.
            if (await RepeatedAsync(db, task.Id, attempt, ct) is { } repeated) return repeated;
            await RequireRevisableAsync(db, annotation, ct);
            var config = configs.Get(project.Id, project.LabelConfigVersion, project.LabelConfigXml);
            Validate(config, request.Result, task.DataJson, request.NoEntities);
        }

        var written = await WithRetryAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            using var writing = await writeLock.EnterAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
            if (await RepeatedAsync(db, task.Id, attempt, ct) is { } repeated) return repeated;
            var previous = await db.Annotations.AsNoTracking().FirstAsync(a => a.Id == annotationId, ct);
            if (await db.Annotations.AnyAsync(a => a.TaskId == previous.TaskId && a.UserId == userId && a.Revision > previous.Revision, ct))
            {
                throw new ConflictException("This answer has already been revised; reopen the newest revision.");
            }
            var revision = new Annotation
            {
                TaskId = previous.TaskId, ProjectId = previous.ProjectId, UserId = userId, Source = AnnotationSource.Rater,
                ResultJson = attempt.ResultJson, ConfigVersion = project.LabelConfigVersion,
                LeadTimeSeconds = Math.Max(0, request.LeadTimeSeconds), CreatedAt = clock.GetUtcNow().UtcDateTime,
                IdempotencyKey = request.IdempotencyKey, Revision = previous.Revision + 1, SupersedesId = previous.Id,
                NoEntitiesJson = attempt.NoEntitiesJson,
            };
            db.Annotations.Add(revision);
            await db.SaveChangesAsync(ct);
            await db.Drafts.Where(d => d.TaskId == previous.TaskId && d.UserId == userId).ExecuteDeleteAsync(ct);
            var complete = await db.Tasks.Where(t => t.Id == previous.TaskId).Select(t => t.IsComplete).FirstAsync(ct);
            await tx.CommitAsync(ct);
            return new SubmitResult(revision.Id, Duplicate: false, complete);
        });
        // A revision of a complete task changes its consensus: re-score it like a completing submit.
        await outcomes.AfterAnnotationAsync(project, task, written, ct);
        return written;
    }

    /// <summary>What a revise request would store, to recognise its retry.</summary>
    private sealed record RevisionAttempt(long AnnotationId, string UserId, string? Key, string ResultJson, string? NoEntitiesJson);

    /// <summary>
    /// The caller's row on this task that already carries the key: the stored revision when it is the same revision of the
    /// same answer (a retry), a conflict when it is anything else. Nobody else's rows are ever looked at.
    /// </summary>
    private static async Task<SubmitResult?> RepeatedAsync(AppDbContext db, long taskId, RevisionAttempt attempt, CancellationToken ct)
    {
        if (attempt.Key is not { } key) return null;
        var used = await db.Annotations.AsNoTracking()
            .Where(a => a.TaskId == taskId && a.UserId == attempt.UserId && a.IdempotencyKey == key)
            .OrderBy(a => a.Id).Select(a => new { a.Id, a.SupersedesId, a.ResultJson, a.NoEntitiesJson }).FirstOrDefaultAsync(ct);
        if (used is null) return null;
        if (used.SupersedesId != attempt.AnnotationId || used.ResultJson != attempt.ResultJson || used.NoEntitiesJson != attempt.NoEntitiesJson)
        {
            throw new ConflictException(
                $"The idempotency key \"{key}\" was already used on this task for a different answer (annotation {used.Id}); use a new key for a new answer.");
        }
        var complete = await db.Tasks.Where(t => t.Id == taskId).Select(t => t.IsComplete).FirstAsync(ct);
        return new SubmitResult(used.Id, Duplicate: true, complete);
    }

    /// <summary>One of the caller's own annotations with its task, in a project they are an active member of.</summary>
    private static async Task<(Annotation Annotation, LabelTask Task, Project Project)> LoadOwnAsync(AppDbContext db, long annotationId,
        string userId, CancellationToken ct)
    {
        var annotation = await db.Annotations.AsNoTracking().FirstOrDefaultAsync(a => a.Id == annotationId && a.UserId == userId, ct)
                         ?? throw new NotFoundException($"Annotation {annotationId} does not exist or is not yours.");
        var (task, project) = await LoadTaskAsync(db, annotation.TaskId, userId, ct);
        return (annotation, task, project);
    }

    private static async Task RequireRevisableAsync(AppDbContext db, Annotation annotation, CancellationToken ct)
    {
        if (annotation.WasSkipped)
        {
            throw new ConflictException("A skipped task cannot be revised into an answer.");
        }
        if (await db.Annotations.AnyAsync(a => a.TaskId == annotation.TaskId && a.UserId == annotation.UserId && a.Revision > annotation.Revision, ct))
        {
            throw new ConflictException("This answer has already been revised; reopen the newest revision.");
        }
    }

    private LabelingConfiguration? TryConfig(Project project)
    {
        try
        {
            return configs.Get(project.Id, project.LabelConfigVersion, project.LabelConfigXml);
        }
        catch (DomainValidationException)
        {
            return null;
        }
    }

    private static string? FirstText(LabelingConfiguration config, JsonObject? data)
    {
        if (data is null) return null;
        foreach (var o in config.Objects.OfType<TextObject>())
        {
            if (DataFieldPath.TryResolve(data, o.DataField, out var node) && node is JsonValue v && v.TryGetValue<string>(out var text))
            {
                return text;
            }
        }
        return null;
    }

    private static string? Shorten(string? text) => text is null || text.Length <= 140 ? text : text[..137] + "…";
}
