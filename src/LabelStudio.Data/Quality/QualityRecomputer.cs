using LabelStudio.Quality;
using System.Diagnostics;
using System.Text.Json;
using LabelStudio.Data.Database;
using LabelStudio.Data.Labeling;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Quality;

/// <summary>
/// The project-level recompute: streams every rater annotation of the project into flat arrays, computes the measures
/// and the Dawid–Skene model, appends a <see cref="QualitySnapshot"/>, and re-scores every complete task with the new
/// model, one short transaction per chunk: SQLite has one writer, and a long transaction here would make raters' submits
/// wait. Until the last chunk is written, some outcomes still carry the previous model's scores (their ModelVersion
/// says which).
/// Outcomes a lead has resolved or marked invalid are not touched. The project's current gold answers go into the
/// Dawid–Skene fit, the raters' gold accuracy and the re-score (gold disagreement).
/// </summary>
public sealed class QualityRecomputer(IDbContextFactory<AppDbContext> dbFactory, LabelingConfigCache configs,
    ScoringModelCache models, QualityOptions options, Review.ReviewNotifier notifier, TimeProvider clock, Common.WriteLock writeLock,
    OpenTaskCountCache openCounts)
{
    /// <summary>Names the re-score's read of a chunk's answers in the SQL (logs, traces).</summary>
    public const string RescoreReadTag = "quality re-score: answers of a chunk";

    public async Task<QualitySnapshot?> RecomputeAsync(long projectId, CancellationToken ct = default)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null) return null;
        var controls = ConsensusControl.From(configs.Get(project.Id, project.LabelConfigVersion, project.LabelConfigXml));
        var hasSpans = controls.Any(c => c.Kind == ConsensusKind.Spans);
        // The run is recorded first, with the highest ids there are before anything is read.
        var run = await ConsensusRunRecorder.StartAsync(db, project, clock.GetUtcNow().UtcDateTime, writeLock, ct);

        var ratings = new ProjectRatings(controls);
        // Annotations stream in task order; span projects need the task's text, parsed once per task and then dropped,
        // so memory follows the number of ratings, not the size of the task data.
        long parsedTaskId = -1;
        System.Text.Json.Nodes.JsonObject? parsedData = null;
        await foreach (var a in RaterAnnotations(db).Where(a => a.ProjectId == projectId)
                           .OrderBy(a => a.TaskId).ThenBy(a => a.Id)
                           .Select(a => new
                           {
                               a.TaskId, a.UserId, a.ImportedRaterId, a.ResultJson, a.CreatedAt,
                               Data = hasSpans ? db.Tasks.Where(t => t.Id == a.TaskId).Select(t => t.DataJson).FirstOrDefault() : null,
                           })
                           .AsAsyncEnumerable().WithCancellation(ct))
        {
            if (hasSpans && a.TaskId != parsedTaskId)
            {
                parsedTaskId = a.TaskId;
                parsedData = a.Data is null ? null : AnnotationMapping.ParseData(a.Data);
            }
            var data = parsedData;
            ratings.Add(a.TaskId, RaterKeys.Of(a.UserId, a.ImportedRaterId), TaskOutcomeService.ParseResult(a.ResultJson),
                data is null ? null : c => AnnotationMapping.TaskText(c, data), a.CreatedAt);
        }
        await Feedback.ClickFeedbackSource.AddToAsync(db, projectId, controls, ratings, ct);
        var gold = await GoldService.LoadCurrentAsync(db, projectId, null, ct);
        var computation = await Task.Run(() => ProjectQualityCalculator.Compute(ratings, options.BootstrapResamples, gold), ct);
        var now = clock.GetUtcNow().UtcDateTime;

        var snapshot = new QualitySnapshot
        {
            ProjectId = projectId,
            ComputedAt = now,
            ConfigVersion = project.LabelConfigVersion,
            RatingCount = ratings.Count,
            MeasuresJson = JsonSerializer.Serialize(computation.Measures, QualityJson.Options),
            RatersJson = JsonSerializer.Serialize(computation.Raters, QualityJson.Options),
            DawidSkeneModelJson = computation.Model?.ToJson(),
        };
        db.QualitySnapshots.Add(snapshot);
        // Every write queues on the write lock: one that meets an import chunk inside SQLite waits there instead, and
        // fails with "database is locked" once the chunk outlasts the driver's patience.
        using (await writeLock.EnterBulkAsync(Common.WriteHolder.Recompute, ct))
        {
            await db.SaveChangesAsync(ct);
        }
        var model = ScoringModel.From(snapshot.Id, computation.Model);
        var counts = await RescoreAsync(db, project, controls, model, gold, now, run.Id, ct);
        await ConsensusRunRecorder.FinishAsync(db, run.Id, snapshot.Id, computation.Model is null ? "majority" : "dawid-skene", counts,
            clock.GetUtcNow().UtcDateTime, writeLock, ct);
        snapshot.DurationMs = stopwatch.ElapsedMilliseconds;
        // The re-score clears the change tracker between chunks, so the snapshot row is updated directly.
        using (await writeLock.EnterBulkAsync(Common.WriteHolder.Recompute, ct))
        {
            await db.QualitySnapshots.Where(s => s.Id == snapshot.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.DurationMs, snapshot.DurationMs), ct);
        }
        models.Set(projectId, model, snapshot.Id);
        notifier.Raise(projectId, null, Review.ReviewChangeKind.Recomputed);
        return snapshot;
    }

    private async Task<RescoreCounts> RescoreAsync(AppDbContext db, Project project, IReadOnlyList<ConsensusControl> controls, ScoringModel? model,
        IReadOnlyDictionary<long, IReadOnlyList<Core.Results.ResultItem>> gold, DateTime now, long runId, CancellationToken ct)
    {
        var counts = new RescoreCounts();
        var rule = project.GetConflictSettings().ToRule();
        var hasSpans = controls.Any(c => c.Kind == ConsensusKind.Spans);
        var complete = await db.Tasks.AsNoTracking().Where(t => t.ProjectId == project.Id && t.IsComplete && t.WithdrawnAt == null)
            .OrderBy(t => t.Id).Select(t => t.Id).ToListAsync(ct);
        var newConflicts = new List<long>();
        async Task<(List<TaskOutcome> Scored, Dictionary<long, (long LastId, int Count)> Seen)> ScoreAsync(long[] taskIds)
        {
            var rows = await RaterAnnotations(db).TagWith(RescoreReadTag).Where(a => taskIds.Contains(a.TaskId))
                .OrderBy(a => a.Id).Select(a => new { a.Id, a.TaskId, a.UserId, a.ImportedRaterId, a.ResultJson }).ToListAsync(ct);
            var answers = rows.GroupBy(a => a.TaskId)
                .ToDictionary(g => g.Key, g => g.Select(a => new RaterAnswer(RaterKeys.Of(a.UserId, a.ImportedRaterId),
                    TaskOutcomeService.ParseResult(a.ResultJson))).ToList());
            var seen = rows.GroupBy(a => a.TaskId).ToDictionary(g => g.Key, g => (g.Max(a => a.Id), g.Count()));
            var data = hasSpans ? await LoadTaskDataAsync(db, project.Id, taskIds, ct) : null;
            var scored = taskIds.Select(taskId => TaskOutcomeService.ToEntity(TaskConsensus.Score(controls,
                answers.GetValueOrDefault(taskId) ?? [], data?.GetValueOrDefault(taskId), rule, model, gold.GetValueOrDefault(taskId)),
                taskId, project.Id, now)).ToList();
            return (scored, seen);
        }

        foreach (var chunk in complete.Chunk(Math.Max(1, options.RescoreChunkSize)))
        {
            var (scored, seen) = await ScoreAsync(chunk);
            // One chunk at a time holds the writer: raters' submits slip in between chunks. The rows are read under the
            // writer, so an outcome a submit stored while this chunk waited is updated, not inserted twice.
            long started;
            using (await writeLock.EnterBulkAsync(Common.WriteHolder.Recompute, ct))
            {
                started = Stopwatch.GetTimestamp();
                // A rater who answered or revised while this chunk waited had the task re-scored at submit: score it
                // again from the answers stored now, or the outcome would go back to what the earlier answers said.
                var stored = await RaterAnnotations(db).Where(a => chunk.Contains(a.TaskId)).GroupBy(a => a.TaskId)
                    .Select(g => new { TaskId = g.Key, LastId = g.Max(a => a.Id), Count = g.Count() }).ToListAsync(ct);
                var changed = stored.Where(a => seen.GetValueOrDefault(a.TaskId) != (a.LastId, a.Count)).Select(a => a.TaskId)
                    .Concat(seen.Keys.Except(stored.Select(a => a.TaskId))).ToArray();
                if (changed.Length > 0)
                {
                    var (rescored, _) = await ScoreAsync(changed);
                    var byTask = rescored.ToDictionary(o => o.TaskId);
                    scored = scored.Select(o => byTask.GetValueOrDefault(o.TaskId) ?? o).ToList();
                }
                var existing = await db.TaskOutcomes.Where(o => chunk.Contains(o.TaskId)).ToDictionaryAsync(o => o.TaskId, ct);
                foreach (var fresh in scored)
                {
                    counts.Tasks++;
                    if (!existing.TryGetValue(fresh.TaskId, out var row))
                    {
                        db.TaskOutcomes.Add(fresh);
                        db.TaskOutcomeRevisions.Add(OutcomeHistory.Revision(fresh, runId, now));
                        counts.Changed++;
                        if (fresh.State == TaskOutcomeState.Conflict) newConflicts.Add(fresh.TaskId);
                    }
                    else if (row.State is not (TaskOutcomeState.Resolved or TaskOutcomeState.Invalid))
                    {
                        if (fresh.State == TaskOutcomeState.Conflict && row.State != TaskOutcomeState.Conflict) newConflicts.Add(fresh.TaskId);
                        // Only the outcomes this run changed go into the history: "as of the run" is the latest revision per task.
                        if (OutcomeHistory.Changed(row, fresh))
                        {
                            db.TaskOutcomeRevisions.Add(OutcomeHistory.Revision(fresh, runId, now));
                            counts.Changed++;
                        }
                        db.Entry(row).CurrentValues.SetValues(fresh);
                    }
                }
                await db.SaveChangesAsync(ct);
            }
            await writeLock.RestAsync(Stopwatch.GetElapsedTime(started), ct);
            db.ChangeTracker.Clear();
        }
        // A conflict that the new model (or a new rule) creates goes back to raters first, as at submit time.
        foreach (var taskId in newConflicts)
        {
            using (await writeLock.EnterBulkAsync(Common.WriteHolder.Recompute, ct))
            {
                await Review.DynamicOverlap.TryAskForMoreAsync(db, project, taskId, now, openCounts, ct);
            }
        }
        return counts;
    }

    private static IQueryable<Annotation> RaterAnnotations(AppDbContext db) => db.CurrentRatings().AsNoTracking();

    private static async Task<Dictionary<long, System.Text.Json.Nodes.JsonObject?>> LoadTaskDataAsync(AppDbContext db, long projectId,
        long[] ids, CancellationToken ct)
    {
        var tasks = db.Tasks.AsNoTracking().Where(t => t.ProjectId == projectId && ids.Contains(t.Id));
        var result = new Dictionary<long, System.Text.Json.Nodes.JsonObject?>();
        await foreach (var t in tasks.Select(t => new { t.Id, t.DataJson }).AsAsyncEnumerable().WithCancellation(ct))
        {
            result[t.Id] = AnnotationMapping.ParseData(t.DataJson);
        }
        return result;
    }
}
