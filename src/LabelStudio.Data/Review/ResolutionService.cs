using LabelStudio.Data.Audit;
using System.Text.Json;
using System.Text.Json.Nodes;
using LabelStudio.Core.Results;
using LabelStudio.Data.Common;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Database;
using LabelStudio.Data.Labeling;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Review;

/// <summary>
/// Leads' decisions on tasks. Only administrators and the project's leads may resolve (a rater member gets "access
/// denied", a non-member "not found"). Every decision appends a <see cref="Resolution"/> and sets the outcome state in one
/// transaction: Accept and Edit make the task Resolved with a final answer, Invalid takes it out, MoreRatings raises its
/// required ratings and sends it back to raters (it returns to the queue if it is still a conflict afterwards).
/// </summary>
public sealed class ResolutionService(IDbContextFactory<AppDbContext> dbFactory, LabelingConfigCache configs, FinalLabelService finals,
    ReviewNotifier notifier, QualityRecomputeQueue recompute, TimeProvider clock, AuditLog audit, WriteLock writeLock,
    OpenTaskCountCache openCounts)
{
    public const int MaxCommentLength = GoldService.MaxCommentLength;
    public const int MaxExtraRatings = 10;

    public async Task<ResolveResult> ResolveAsync(long taskId, ResolutionRequest request, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, ct)
                   ?? throw new NotFoundException($"Task {taskId} does not exist.");
        var project = await QualityService.RequireLeadAsync(db, task.ProjectId, actor, ct, taskId);
        var userId = actor.RequireUserId();
        var comment = NormalizeComment(request.Comment);
        var seen = await ReviewWrites.RaterAnnotationIdsAsync(db, taskId, ct);
        string? resultJson = null;
        int? extra = null;
        switch (request.Decision)
        {
            case ResolutionDecision.Accept:
                resultJson = await AcceptedResultAsync(db, project, task, request.AnnotationId, ct);
                break;
            case ResolutionDecision.Edit:
                if (request.Result is not { Count: > 0 } result)
                {
                    throw new DomainValidationException("An edited answer needs at least one result region (\"result\").");
                }
                Validate(project, task, result);
                resultJson = ResultJson.Serialize(result);
                break;
            case ResolutionDecision.MoreRatings:
                extra = request.Extra ?? 1;
                if (extra is < 1 or > MaxExtraRatings)
                {
                    throw new DomainValidationException($"\"extra\" must be between 1 and {MaxExtraRatings}.");
                }
                if (await ReviewWrites.EligibleRatersAsync(db, project.Id, taskId, ct) == 0)
                {
                    throw new ConflictException("Every member of the project has already rated this task; add raters to the project first.");
                }
                break;
            case ResolutionDecision.Invalid:
                break;
            default:
                throw new DomainValidationException("\"decision\" must be accept, edit, more_ratings or invalid.");
        }
        if (request.SaveAsGold && resultJson is null)
        {
            throw new DomainValidationException("Only an accepted or edited answer can be saved as gold.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var row = new Resolution
        {
            TaskId = taskId, ProjectId = project.Id, DecidedById = userId, Decision = request.Decision, ResultJson = resultJson,
            AcceptedAnnotationId = request.Decision == ResolutionDecision.Accept ? request.AnnotationId : null, ExtraRatings = extra,
            Comment = comment, BasedOnAnnotationIdsJson = JsonSerializer.Serialize(seen), CreatedAt = now,
        };
        // The decision changes the task's place in the raters' queue: it waits for the writer like their submits do.
        using (await writeLock.EnterAsync(ct))
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            if (request.SaveAsGold)
            {
                var gold = new GoldAnswer
                {
                    TaskId = taskId, ProjectId = project.Id, ResultJson = resultJson!, Source = GoldSource.Resolution,
                    CreatedById = userId, CreatedAt = now, Comment = comment,
                };
                db.GoldAnswers.Add(gold);
                await audit.AddAsync(db, AuditActions.GoldSet, actor, AuditTarget.Task(taskId), comment, project.Id, ct);
                await db.SaveChangesAsync(ct);
                row.GoldAnswerId = gold.Id;
            }
            db.Resolutions.Add(row);
            await audit.AddAsync(db, AuditActions.Resolved, actor, AuditTarget.Task(taskId),
                comment is null ? DecisionName(request.Decision) : $"{DecisionName(request.Decision)}: {comment}", project.Id, ct);
            await db.SaveChangesAsync(ct);
            var state = request.Decision switch
            {
                ResolutionDecision.Invalid => TaskOutcomeState.Invalid,
                ResolutionDecision.MoreRatings => TaskOutcomeState.Open,
                _ => TaskOutcomeState.Resolved,
            };
            if (extra is { } more) await ReviewWrites.AddRequiredRatingsAsync(db, taskId, more, automatic: false, 0, ct);
            else await ReviewWrites.StopRatingAsync(db, taskId, ct);
            await ReviewWrites.SetOutcomeStateAsync(db, taskId, project.Id, state, now, ct);
            await tx.CommitAsync(ct);
        }
        // The task left the raters' queue or went back to it: their remaining count follows at once.
        openCounts.Invalidate(project.Id);
        notifier.Raise(project.Id, taskId, ReviewChangeKind.Resolved);
        // Resolutions feed the quality page (resolutions against raters) and gold feeds the model.
        recompute.Request(project.Id);
        var final = (await finals.DeriveAsync(db, project, [taskId], ct))[taskId];
        var name = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.DisplayName != "" ? u.DisplayName : u.Email)
            .FirstOrDefaultAsync(ct);
        return new ResolveResult(ToView(row, name ?? userId), final.State, final);
    }

    /// <summary>Every resolution of a task, oldest first (leads and administrators).</summary>
    public async Task<IReadOnlyList<ResolutionView>> HistoryAsync(long taskId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var projectId = await db.Tasks.AsNoTracking().Where(t => t.Id == taskId).Select(t => (long?)t.ProjectId).FirstOrDefaultAsync(ct)
                        ?? throw new NotFoundException($"Task {taskId} does not exist.");
        await QualityService.RequireLeadAsync(db, projectId, actor, ct, taskId);
        return await LoadHistoryAsync(db, taskId, ct);
    }

    internal static async Task<IReadOnlyList<ResolutionView>> LoadHistoryAsync(AppDbContext db, long taskId, CancellationToken ct)
    {
        var rows = await (from r in db.Resolutions.AsNoTracking()
                          join u in db.Users on r.DecidedById equals u.Id into users
                          from u in users.DefaultIfEmpty()
                          where r.TaskId == taskId
                          orderby r.Id
                          select new { Row = r, Name = u == null ? null : u.DisplayName != "" ? u.DisplayName : u.Email }).ToListAsync(ct);
        return [.. rows.Select(x => ToView(x.Row, x.Name ?? "(deleted user)"))];
    }

    internal static ResolutionView ToView(Resolution r, string decidedBy) => new(r.Id, r.TaskId, r.Decision, r.DecidedById, decidedBy,
        r.ResultJson, r.AcceptedAnnotationId, r.ExtraRatings, r.Comment, FinalLabelService.ParseIds(r.BasedOnAnnotationIdsJson),
        r.GoldAnswerId, r.CreatedAt);

    internal static string? NormalizeComment(string? comment)
    {
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        return comment is { Length: > MaxCommentLength }
            ? throw new DomainValidationException($"The comment is longer than {MaxCommentLength} characters.")
            : comment;
    }

    private async Task<string> AcceptedResultAsync(AppDbContext db, Project project, LabelTask task, long? annotationId, CancellationToken ct)
    {
        if (annotationId is not { } id) throw new DomainValidationException("Accepting needs the \"annotation_id\" of the answer to accept.");
        var annotation = await db.CurrentAnnotations().AsNoTracking().Where(a => a.Id == id && a.TaskId == task.Id)
            .Select(a => new { a.ResultJson, a.WasSkipped }).FirstOrDefaultAsync(ct)
            ?? throw new DomainValidationException($"Annotation {id} is not a current answer on this task (a revised answer is accepted by its latest revision).");
        if (annotation.WasSkipped) throw new DomainValidationException($"Annotation {id} is a skip, not an answer.");
        var result = TaskOutcomeService.ParseResult(annotation.ResultJson);
        Validate(project, task, result);
        return ResultJson.Serialize(result);
    }

    /// <summary>Throws a validation error keyed by control (as a rater's submit does) when the answer does not fit.</summary>
    private void Validate(Project project, LabelTask task, IReadOnlyList<ResultItem> result)
    {
        var config = configs.Get(project.Id, project.LabelConfigVersion, project.LabelConfigXml);
        var problems = AnnotationValidator.Check(config, result, JsonNode.Parse(task.DataJson) as JsonObject);
        if (problems.Count > 0) throw new DomainValidationException(AnnotationValidator.ByKey(problems));
    }

    private static string DecisionName(ResolutionDecision decision) => decision switch
    {
        ResolutionDecision.Accept => "accept",
        ResolutionDecision.Edit => "edit",
        ResolutionDecision.MoreRatings => "more_ratings",
        _ => "invalid",
    };
}
