using LabelStudio.Quality;
using System.Text.Json;
using LabelStudio.Core.Results;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Labeling;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LabelStudio.Data.Quality;

/// <summary>
/// Scores a task when it reaches its required ratings (called by <see cref="LabelingService"/> after the submit has
/// committed) and asks for a background recompute of the project. Scoring never fails a submit: if it throws, the
/// next recompute, which re-scores every complete task, repairs the row.
/// </summary>
public sealed class TaskOutcomeService(IDbContextFactory<AppDbContext> dbFactory, LabelingConfigCache configs,
    ScoringModelCache models, QualityRecomputeQueue recompute, Review.ReviewNotifier notifier, TimeProvider clock,
    WriteLock writeLock, OpenTaskCountCache openCounts, ILogger<TaskOutcomeService> logger)
{
    /// <summary>The submit hook: score the task if it just completed, then queue a (debounced) project recompute.</summary>
    public async Task AfterAnnotationAsync(Project project, LabelTask task, SubmitResult result, CancellationToken ct)
    {
        if (result.Duplicate) return;
        if (result.TaskComplete)
        {
            try
            {
                await ScoreAsync(project, task.Id, task.DataJson, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Scoring task {Task} of project {Project} failed; the next recompute will score it", task.Id, project.Id);
            }
        }
        recompute.Request(project.Id);
    }

    /// <summary>
    /// Scores one task now and stores its outcome (Resolved and Invalid outcomes are left alone). A new conflict first
    /// goes back to raters when the project asks for extra ratings (<see cref="Review.DynamicOverlap"/>); otherwise the
    /// review queue is told.
    /// </summary>
    public async Task<TaskOutcome?> ScoreAsync(Project project, long taskId, string dataJson, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var controls = ConsensusControl.From(configs.Get(project.Id, project.LabelConfigVersion, project.LabelConfigXml));
        var rows = await db.CurrentRatings().AsNoTracking().Where(a => a.TaskId == taskId)
            .OrderBy(a => a.Id).Select(a => new { a.UserId, a.ImportedRaterId, a.ResultJson }).ToListAsync(ct);
        var answers = rows.Select(r => new RaterAnswer(RaterKeys.Of(r.UserId, r.ImportedRaterId), ParseResult(r.ResultJson))).ToList();
        var model = await models.GetAsync(db, project.Id, ct);
        var gold = await GoldService.LoadCurrentAsync(db, taskId, ct);
        var scored = TaskConsensus.Score(controls, answers,
            controls.Any(c => c.Kind == ConsensusKind.Spans) ? AnnotationMapping.ParseData(dataJson) : null,
            project.GetConflictSettings().ToRule(), model, gold);
        var now = clock.GetUtcNow().UtcDateTime;
        var outcome = ToEntity(scored, taskId, project.Id, now);
        bool conflict, askedForMore = false;
        using (await writeLock.EnterAsync(ct))
        {
            bool written;
            await using (var tx = await db.Database.BeginTransactionAsync(ct))
            {
                written = await UpsertAsync(db, outcome, ct);
                if (written)
                {
                    db.TaskOutcomeRevisions.Add(OutcomeHistory.Revision(outcome, await OutcomeHistory.LatestRunIdAsync(db, project.Id, ct), now));
                    await db.SaveChangesAsync(ct);
                }
                await tx.CommitAsync(ct);
            }
            conflict = written && outcome.State == TaskOutcomeState.Conflict;
            if (conflict) askedForMore = await Review.DynamicOverlap.TryAskForMoreAsync(db, project, taskId, now, openCounts, ct);
        }
        if (askedForMore)
        {
            outcome.State = TaskOutcomeState.Open;
        }
        else if (conflict)
        {
            notifier.Raise(project.Id, taskId, Review.ReviewChangeKind.ConflictArose);
        }
        return outcome;
    }

    public static TaskOutcome ToEntity(TaskConsensusResult scored, long taskId, long projectId, DateTime now) => new()
    {
        TaskId = taskId,
        ProjectId = projectId,
        State = scored.State,
        ConsensusResultJson = ResultJson.Serialize(scored.Consensus),
        Method = scored.Method,
        AgreementScore = scored.Agreement,
        Posterior = scored.Posterior,
        Priority = scored.Priority,
        Reasons = string.Join(',', scored.Reasons),
        RatingCount = scored.RatingCount,
        ComputedAt = now,
        ModelVersion = scored.ModelVersion,
        DetailsJson = JsonSerializer.Serialize(scored.Controls, QualityJson.Options),
    };

    internal static IReadOnlyList<ResultItem> ParseResult(string json) =>
        ResultJson.TryParse(json, out var result, out _) ? result : [];

    /// <summary>Writes the outcome unless a lead resolved the task or marked it invalid; true when it was written.</summary>
    private static async Task<bool> UpsertAsync(AppDbContext db, TaskOutcome outcome, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var updated = await db.TaskOutcomes
                .Where(o => o.TaskId == outcome.TaskId && o.State != TaskOutcomeState.Resolved && o.State != TaskOutcomeState.Invalid)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(o => o.State, outcome.State)
                    .SetProperty(o => o.ConsensusResultJson, outcome.ConsensusResultJson)
                    .SetProperty(o => o.Method, outcome.Method)
                    .SetProperty(o => o.AgreementScore, outcome.AgreementScore)
                    .SetProperty(o => o.Posterior, outcome.Posterior)
                    .SetProperty(o => o.Priority, outcome.Priority)
                    .SetProperty(o => o.Reasons, outcome.Reasons)
                    .SetProperty(o => o.RatingCount, outcome.RatingCount)
                    .SetProperty(o => o.ComputedAt, outcome.ComputedAt)
                    .SetProperty(o => o.ModelVersion, outcome.ModelVersion)
                    .SetProperty(o => o.DetailsJson, outcome.DetailsJson), ct);
            if (updated > 0) return true;
            if (await db.TaskOutcomes.AnyAsync(o => o.TaskId == outcome.TaskId, ct)) return false;
            db.TaskOutcomes.Add(outcome);
            try
            {
                await db.SaveChangesAsync(ct);
                return true;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // A recompute inserted the row meanwhile: update it instead.
                db.ChangeTracker.Clear();
            }
        }
    }
}
