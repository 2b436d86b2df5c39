using LabelStudio.Quality;
using System.Text.Json;
using System.Text.Json.Nodes;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Labeling;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Quality;

/// <summary>
/// Reads of the quality feature: measures, conflicts and task outcomes. Administrators and the project's leads may
/// read them; a rater member gets "access denied" (raters never see other raters' answers), a non-member "not found".
/// </summary>
public sealed class QualityService(IDbContextFactory<AppDbContext> dbFactory, Review.FinalLabelService finals,
    QualityRecomputeQueue queue, QualityRecomputeState state)
{
    public async Task<QualityReport> GetReportAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await RequireLeadAsync(db, projectId, actor, ct);
        // Outcomes, counts and the snapshot from one read: a recompute finishing between them must not show new
        // outcomes beside the previous snapshot (or the other way round).
        await using var read = await ReadSnapshot.BeginAsync(db, ct);
        var outcomes = await db.TaskOutcomes.AsNoTracking().Where(o => o.ProjectId == projectId)
            .GroupBy(o => o.State).Select(g => new { State = g.Key, Count = g.Count() }).ToListAsync(ct);
        int Count(TaskOutcomeState s) => outcomes.FirstOrDefault(o => o.State == s)?.Count ?? 0;
        // Index-only: hidden tasks (a batch being imported) are counted on their batches.
        var projectTasks = db.Tasks.IgnoreQueryFilters().Where(t => t.ProjectId == projectId);
        var hidden = await Import.StagedBatches.HiddenTasksAsync(db, projectId, ct);
        // Withdrawn click tasks are stored as complete (out of the queue): they count in neither figure.
        var withdrawn = await projectTasks.CountAsync(t => t.WithdrawnAt != null, ct);
        var tasks = await projectTasks.CountAsync(ct) - hidden.Tasks - withdrawn;
        var complete = await projectTasks.CountAsync(t => t.IsComplete, ct) - hidden.Complete - withdrawn;
        var maxRatings = await projectTasks.MaxAsync(t => (int?)t.CompletedCount, ct) ?? 0;

        var snapshot = await db.QualitySnapshots.AsNoTracking().Where(s => s.ProjectId == projectId)
            .OrderByDescending(s => s.Id).FirstOrDefaultAsync(ct);
        QualitySnapshotView? view = null;
        if (snapshot is not null)
        {
            var measures = JsonSerializer.Deserialize<QualityMeasures>(snapshot.MeasuresJson, QualityJson.Options)!;
            var raters = JsonSerializer.Deserialize<List<RaterQuality>>(snapshot.RatersJson, QualityJson.Options) ?? [];
            var ids = raters.Select(r => r.UserId).Concat(measures.Pairs.SelectMany(p => new[] { p.RaterA, p.RaterB })).Distinct().ToList();
            var names = await RaterDirectory.LoadAsync(db, ids, ct);
            view = new QualitySnapshotView(snapshot.Id, snapshot.ComputedAt, snapshot.ConfigVersion, snapshot.DurationMs,
                snapshot.RatingCount, measures,
                raters.Select(r => new RaterRow(r.UserId, names[r.UserId].Name, names[r.UserId].Email, r, names[r.UserId].Imported)).ToList(),
                ids.ToDictionary(id => id, id => names[id].Name), StoredDawidSkeneModel.FromJson(snapshot.DawidSkeneModelJson));
        }
        return new QualityReport(projectId, project.Name, project.LabelConfigVersion, project.GetConflictSettings(),
            new OutcomeCounts(tasks, complete, Count(TaskOutcomeState.Agreed), Count(TaskOutcomeState.Conflict),
                Count(TaskOutcomeState.Resolved), Count(TaskOutcomeState.Invalid)),
            maxRatings, view, state.Get(projectId));
    }

    /// <summary>
    /// The task's current outcome (Open, with no row, until it has all its ratings) and its final label with origin.
    /// </summary>
    public async Task<OutcomeView> GetOutcomeAsync(long taskId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var projectId = await db.Tasks.AsNoTracking().Where(t => t.Id == taskId).Select(t => (long?)t.ProjectId).FirstOrDefaultAsync(ct)
                        ?? throw new NotFoundException($"Task {taskId} does not exist.");
        var project = await RequireLeadAsync(db, projectId, actor, ct, taskId);
        var final = (await finals.DeriveAsync(db, project, [taskId], ct))[taskId];
        var o = await db.TaskOutcomes.AsNoTracking().FirstOrDefaultAsync(x => x.TaskId == taskId, ct);
        if (o is null)
        {
            var ratings = await db.CurrentRatings().CountAsync(a => a.TaskId == taskId, ct);
            return new OutcomeView(taskId, projectId, final.State, null, "", null, null, 0, [], ratings, null, null, [], final);
        }
        return new OutcomeView(taskId, projectId, final.State, o.ConsensusResultJson, o.Method, o.AgreementScore, o.Posterior, o.Priority,
            Review.ConflictQueueService.SplitReasons(o.Reasons), o.RatingCount, o.ComputedAt, o.ModelVersion,
            JsonSerializer.Deserialize<List<ControlOutcome>>(o.DetailsJson, QualityJson.Options) ?? [], final);
    }

    /// <summary>Queues a recompute to start at once (no debounce).</summary>
    public async Task RequestRecomputeAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await RequireLeadAsync(db, projectId, actor, ct);
        queue.Request(projectId, now: true);
        state.Notify(projectId);
    }

    /// <summary>Changes the project's conflict rule (administrators) and re-scores its tasks in the background.</summary>
    public async Task<ConflictSettings> UpdateConflictSettingsAsync(long projectId, ConflictSettings settings, Actor actor,
        CancellationToken ct = default)
    {
        ProjectService.RequireAdmin(actor);
        var errors = settings.Validate().ToList();
        if (errors.Count > 0) throw new DomainValidationException(errors);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == projectId, ct)
                      ?? throw new NotFoundException($"Project {projectId} does not exist.");
        project.ApplyConflictSettings(settings);
        await db.SaveChangesAsync(ct);
        queue.Request(projectId, now: true);
        return settings;
    }

    /// <param name="refusal">What a rater of the project is told (who may see it); agreement and conflicts by default.</param>
    internal static async Task<Project> RequireLeadAsync(AppDbContext db, long projectId, Actor actor, CancellationToken ct, long? taskId = null,
        string? refusal = null)
    {
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct);
        var what = taskId is { } t ? $"Task {t}" : $"Project {projectId}";
        if (project is null) throw new NotFoundException($"{what} does not exist.");
        if (actor.IsAdmin) return project;
        var userId = actor.RequireUserId();
        var role = await db.ProjectMembers.AsNoTracking().Where(m => m.ProjectId == projectId && m.UserId == userId)
            .Select(m => (ProjectRole?)m.Role).FirstOrDefaultAsync(ct);
        return role switch
        {
            null => throw new NotFoundException($"{what} does not exist."),
            ProjectRole.Lead => project,
            _ => throw new AccessDeniedException(refusal ?? "Only the project's leads and administrators can see agreement and conflicts."),
        };
    }
}
