using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Import;
using LabelStudio.Data.Jobs;
using LabelStudio.Data.Projects;
using LabelStudio.Feedback.Batch;
using LabelStudio.Feedback.Calibration;
using LabelStudio.Feedback.Graded;
using LabelStudio.Feedback.Ingest;
using LabelStudio.Feedback.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

using LabelStudio.Data.Labeling;

namespace LabelStudio.Data.Feedback;

/// <summary>
/// Computes one label generation of a project from all its click evidence (the Succeeded ingests within the evidence
/// window, plus the ingest being written): merge the evidence, fit the click models, calibrate on the human seed (the
/// uploaded seed TSV and the project's own judgements), then write one label per pair, queue the abstained pairs that
/// are not in the seed as tasks (highest expected value first), and publish it all in one small transaction. Just
/// before the publish, tasks whose pair became decided (or is in the seed) are withdrawn unless a rater holds them, and
/// the open click tasks are re-ranked by their new expected value.
/// </summary>
public sealed class FeedbackGenerationService(IDbContextFactory<AppDbContext> dbFactory, FeedbackService feedback,
    BulkTaskWriter writer, WriteLock writeLock, FeedbackQueueService queue, TimeProvider clock, IOptions<JobOptions> jobOptions,
    Quality.QualityRecomputeRunner recomputes)
{
    public const string RecomputeJobKind = "click-recompute";
    private static readonly ConcurrentDictionary<long, SemaphoreSlim> ProjectLocks = new();

    /// <summary>One generation (ingest, recompute, rollback) per project at a time.</summary>
    internal static SemaphoreSlim LockOf(long projectId) => ProjectLocks.GetOrAdd(projectId, _ => new SemaphoreSlim(1, 1));

    /// <summary>The ingests whose evidence counts now: Succeeded, within the project's evidence window.</summary>
    internal static IQueryable<FeedbackIngest> EvidenceIngests(AppDbContext db, long projectId, FeedbackSettings settings, DateTime now)
    {
        var query = db.FeedbackIngests.Where(i => i.ProjectId == projectId && i.Kind == FeedbackIngest.IngestKind
                                                  && i.State == FeedbackIngestState.Succeeded);
        if (settings.EvidenceWindowDays > 0)
        {
            var since = now.AddDays(-settings.EvidenceWindowDays);
            query = query.Where(i => i.StartedAt >= since);
        }
        return query;
    }

    /// <summary>Runs a recompute job: labels refit on the accumulated evidence under the current seed and settings.</summary>
    internal async Task<JobOutcome> RecomputeAsync(JobRun run, CancellationToken ct)
    {
        var projectId = run.ProjectId ?? throw new DomainValidationException("A recompute needs a project.");
        Project project;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct)
                      ?? throw new NotFoundException($"Project {projectId} does not exist.");
        }
        var projectLock = LockOf(projectId);
        await run.ReportAsync("waiting for another ingest or recompute of this project", 0, 1);
        await projectLock.WaitAsync(ct);
        try
        {
            var ingest = new FeedbackIngest
            {
                ProjectId = projectId, FileName = "recompute", Sha256 = "", Format = "evidence", Kind = FeedbackIngest.RecomputeKind,
                ImportedById = run.CreatedById, StartedAt = clock.GetUtcNow().UtcDateTime, State = FeedbackIngestState.Running,
                JobId = run.JobId,
            };
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                db.FeedbackIngests.Add(ingest);
                await db.SaveChangesAsync(ct);
            }
            return await ComputeAsync(run, project, ingest, null, [], ct);
        }
        finally
        {
            projectLock.Release();
        }
    }

    /// <summary>
    /// Merges the evidence, fits and calibrates, writes the labels of <paramref name="ingest"/> (a row already stored,
    /// Running) and publishes them. <paramref name="fileSummary"/> is the counters of the log being ingested, or null
    /// for a recompute.
    /// </summary>
    internal async Task<JobOutcome> ComputeAsync(JobRun run, Project project, FeedbackIngest ingest, IngestSummary? fileSummary,
        Dictionary<string, double> timings, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        var settings = await feedback.GetSettingsAsync(project.Id, ct);
        ProjectPairs pairs;
        FeedbackSeed? fileSeed;
        ClickAggregateBuilder? builder = new();
        var evidenceIds = new List<long>();
        // The human seed is read from the consensus outcomes: a recompute still owed (answers submitted since the last
        // one) runs first, so that a pair's provisional at-submit verdict never seeds the calibration.
        await recomputes.BringUpToDateAsync(project.Id, ct);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            pairs = await ProjectPairs.LoadAsync(db, project.Id, ct);
            fileSeed = await db.FeedbackSeeds.AsNoTracking().Where(s => s.ProjectId == project.Id)
                .OrderByDescending(s => s.Id).FirstOrDefaultAsync(ct);
            var standing = await EvidenceIngests(db, project.Id, settings, ingest.StartedAt).Select(i => new { i.Id, i.StartedAt }).ToListAsync(ct);
            evidenceIds.AddRange(standing.Select(i => i.Id));
            if (ingest.Kind == FeedbackIngest.IngestKind) evidenceIds.Add(ingest.Id);
            evidenceIds.Sort();
            // With a half-life, each ingest's evidence counts with weight 2^(-age / half-life), its age taken at this generation.
            var weights = standing.ToDictionary(i => i.Id,
                i => EvidenceDecay.Weight((ingest.StartedAt - i.StartedAt).TotalDays, settings.EvidenceHalfLifeDays));
            await run.ReportAsync("merging evidence", 0, evidenceIds.Count);
            var done = 0;
            foreach (var id in evidenceIds)
            {
                var rows = db.FeedbackPairEvidence.AsNoTracking().Where(e => e.IngestId == id).OrderBy(e => e.Id).AsAsyncEnumerable();
                var weight = weights.GetValueOrDefault(id, 1);
                await foreach (var e in rows.WithCancellation(ct))
                {
                    var stored = new StoredPairEvidence(e.Impressions, e.Clicks, e.SatClicks, e.SdbnExamined,
                        e.SdbnLastClicks, e.DistinctClickers, e.ClickerClicks, e.TopClicker, e.TopClickerClicks,
                        StoredPairEvidence.ParseCells(e.Cells));
                    if (EvidenceDecay.Apply(stored, weight) is { } weighted) builder.Add(e.QueryId, e.DocId, weighted);
                }
                await run.ReportAsync("merging evidence", ++done, evidenceIds.Count);
            }
        }
        if (builder.PairCount == 0)
        {
            if (ingest.Kind == FeedbackIngest.RecomputeKind) return await PublishEmptyAsync(run, ingest, ct);
            throw new DomainValidationException("There is no click evidence to compute labels from: ingest a click log first.");
        }
        timings["merge"] = Math.Round(sw.Elapsed.TotalMilliseconds, 1);
        var (seed, fileSeedCount, humanSeedCount, seedMalformed) = BuildSeed(fileSeed, pairs);
        var calibration = new CalibrationOptions { TargetPrecision = settings.TargetPrecision, RelevantMinGrade = settings.RelevantMinGrade };
        var result = await Task.Run(() =>
        {
            var t = Stopwatch.StartNew();
            var aggregate = builder!.Build(fileSummary);
            run.Report("fitting click models", 0, 1);
            var scores = ClickModels.Fit(aggregate, new ModelOptions());
            var models = t.Elapsed;
            ct.ThrowIfCancellationRequested();
            run.Report("calibrating", 0, 1);
            t.Restart();
            var labels = FeedbackLabeler.Label(aggregate, scores, seed.Count > 0 ? seed : null, calibration);
            var graded = GradedLabeler.Label(aggregate, scores, labels, seed, calibration);
            return new FeedbackInferResult
            {
                Aggregate = aggregate, Scores = scores, Labels = labels, Graded = graded,
                Timings = [new StageTiming("models", models), new StageTiming("calibrate", t.Elapsed)],
                Format = ingest.Format == "yandex" ? ClickLogFormat.Yandex : ClickLogFormat.Native,
            };
        }, ct);
        // The merged per-pair accumulators are in the aggregate now: let them go before the long write.
        builder = null;
        ingest.EvidenceIngestIdsJson = JsonSerializer.Serialize(evidenceIds);
        var seedPairs = seed.Select(x => (x.QueryId, x.DocId)).ToHashSet();
        var seedSource = DescribeSeed(fileSeed, fileSeedCount, humanSeedCount);
        var outcome = await WriteAsync(run, project, ingest, result, pairs, seedPairs, settings, seedSource, fileSeedCount,
            humanSeedCount, seedMalformed, timings, ct);
        return outcome;
    }

    /// <summary>Every ingest was rolled back: an empty generation becomes current, so no label outlives its evidence.</summary>
    private async Task<JobOutcome> PublishEmptyAsync(JobRun run, FeedbackIngest ingest, CancellationToken ct)
    {
        ingest.State = FeedbackIngestState.Succeeded;
        ingest.FinishedAt = clock.GetUtcNow().UtcDateTime;
        ingest.OutcomeJson = FeedbackJson.Write(new FeedbackOutcome { TaskNote = "No evidence is left: every ingest was rolled back." });
        const string message = "No click evidence is left (every ingest was rolled back): the project has no click labels now.";
        var outcome = JobOutcome.Succeeded(message, new FeedbackIngestResult(false, message, FeedbackService.ToView(ingest)));
        await PublishAsync(run, null, ingest, outcome, ct);
        return outcome;
    }

    /// <param name="WithdrawnTask">The pair's withdrawn task, which goes back to the queue instead of a new one.</param>
    private sealed record Candidate(int Pair, string QueryId, string DocId, double Value, long? WithdrawnTask = null);

    private async Task<JobOutcome> WriteAsync(JobRun run, Project project, FeedbackIngest ingest, FeedbackInferResult result,
        ProjectPairs pairs, HashSet<(string, string)> seedPairs, FeedbackSettings settings, string seedSource, int fileSeedCount,
        int humanSeedCount, int seedMalformed, Dictionary<string, double> stageTimings, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        var now = clock.GetUtcNow().UtcDateTime;
        var aggregate = result.Aggregate;
        var labels = result.Labels;
        var cal = labels.Calibration;
        var model = cal.Mode == "seed" ? "combined+logistic" : "pbm-posterior";
        var fit = feedback.TaskFit(project);

        // Abstained pairs without a task, by expected value of a human label: impressions x uncertainty. Seed pairs are
        // judged already and never become tasks.
        var candidates = new List<Candidate>();
        int alreadyQueued = 0, longIds = 0, seedSkipped = 0;
        var existingTask = new Dictionary<int, long>();
        var queuedValue = new Dictionary<long, double>();
        for (var p = 0; p < aggregate.PairCount; p++)
        {
            var q = aggregate.GetQueryId(p);
            var d = aggregate.GetDocId(p);
            if (q.Length > FeedbackService.MaxIdLength || d.Length > FeedbackService.MaxIdLength)
            {
                longIds++;
                continue;
            }
            var value = labels.Labels[p] < 0 ? ExpectedValue(aggregate, labels, p) : 0;
            if (pairs.TaskByPair.TryGetValue((q, d), out var taskId))
            {
                existingTask[p] = taskId;
                if (pairs.Withdrawn.Contains(taskId))
                {
                    if (labels.Labels[p] < 0 && !seedPairs.Contains((q, d))) candidates.Add(new Candidate(p, q, d, value, taskId));
                    continue;
                }
                if (labels.Labels[p] < 0)
                {
                    alreadyQueued++;
                    queuedValue[taskId] = value;
                }
                continue;
            }
            if (labels.Labels[p] >= 0) continue;
            if (seedPairs.Contains((q, d)))
            {
                seedSkipped++;
                continue;
            }
            candidates.Add(new Candidate(p, q, d, value));
        }
        // Once the project has a catalog, raters judge text: a pair whose query or document has none is not sent.
        int withoutText = 0;
        CatalogTexts catalog;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var summary = await FeedbackCatalogService.SummaryAsync(db, project.Id, ct);
            var (queries, docs) = summary.Queries + summary.Docs == 0
                ? (new Dictionary<string, FeedbackCatalogEntry>(), new Dictionary<string, FeedbackCatalogEntry>())
                : await FeedbackCatalogService.LoadAsync(db, project.Id, candidates.Select(c => c.QueryId).ToList(),
                    candidates.Select(c => c.DocId).ToList(), ct);
            catalog = new CatalogTexts(summary.Queries + summary.Docs > 0, queries, docs);
        }
        if (catalog.Exists)
        {
            var withText = candidates.Where(c => catalog.HasText(c.QueryId, c.DocId, pairs)).ToList();
            withoutText = candidates.Count - withText.Count;
            candidates = withText;
        }
        candidates.Sort((a, b) => b.Value.CompareTo(a.Value) is var c && c != 0 ? c : a.Pair.CompareTo(b.Pair));
        var toQueue = fit.CanCreateTasks ? candidates.Take(Math.Max(0, settings.MaxNewTasks)).ToList() : [];
        var overCap = fit.CanCreateTasks ? candidates.Count - toQueue.Count : 0;
        string? taskNote = !fit.CanCreateTasks && candidates.Count > 0
            ? $"No tasks were created for {candidates.Count} abstained pairs: {fit.Message}"
            : overCap > 0
                ? $"{overCap} abstained pairs were not queued: at most {settings.MaxNewTasks} new tasks per ingest (highest expected value first)."
                : null;

        var calibrationJson = JsonSerializer.Serialize(new
        {
            ingest_id = ingest.Id, mode = cal.Mode, threshold = Finite(cal.ConfidenceThreshold, 1),
            target_precision = cal.TargetPrecision, relevant_min_grade = settings.RelevantMinGrade,
            seed_pairs = cal.SeedPairs, seed_pairs_with_evidence = cal.SeedPairsWithEvidence, seed_source = seedSource,
        }, FeedbackJson.Stored);

        StagedBatch? staged = null;
        try
        {
            var newTasks = new Dictionary<int, long>();
            var requeue = toQueue.Where(c => c.WithdrawnTask is not null).ToList();
            foreach (var c in requeue) queuedValue[c.WithdrawnTask!.Value] = c.Value;
            toQueue = toQueue.Where(c => c.WithdrawnTask is null).ToList();
            if (toQueue.Count > 0)
            {
                await run.ReportAsync("queueing tasks", 0, toQueue.Count);
                staged = await writer.BeginAsync(project.Id, ingest.FileName, ImportService.ClickFeedbackFormat, run.JobId,
                    run.CreatedById, () => run.ReportAsync("waiting for an import into this project", 0, toQueue.Count), ct);
                // Served highest expected value first: sequential projects take tasks by id (written in value order),
                // random-order projects by RandomKey (sorted random keys handed out in value order).
                var keys = new int[toQueue.Count];
                for (var i = 0; i < keys.Length; i++) keys[i] = Random.Shared.Next();
                Array.Sort(keys);
                for (var i = 0; i < toQueue.Count; i++)
                {
                    await staged.AddAsync(NewTask(toQueue[i], keys[i], ingest.Id, labels, pairs, catalog), ct);
                }
                var ids = await staged.TaskIdsAsync(ct);
                for (var i = 0; i < toQueue.Count; i++) newTasks[toQueue[i].Pair] = ids[i + 1];
            }

            int writtenLabels;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                await db.Database.OpenConnectionAsync(ct);
                await BulkConnection.PrepareAsync(db, ct);
                await using var labelWriter = FeedbackRowWriter.Labels(db, writeLock, jobOptions.Value, project.Id, ingest.Id, model,
                    calibrationJson, now);
                for (var p = 0; p < aggregate.PairCount; p++)
                {
                    var q = aggregate.GetQueryId(p);
                    var d = aggregate.GetDocId(p);
                    if (q.Length > FeedbackService.MaxIdLength || d.Length > FeedbackService.MaxIdLength) continue;
                    long? taskId = existingTask.TryGetValue(p, out var t) ? t : newTasks.TryGetValue(p, out var n) ? n : null;
                    int decision = labels.Labels[p];
                    var evidence = Evidence(result.GetEvidence(p));
                    // The score is the reported P(relevant); a spam suspect's is empty and its score the lowest.
                    var reported = labels.ReportedPRel(p);
                    await labelWriter.AddAsync([q, d, taskId, double.IsFinite(reported) ? reported : 0,
                        double.IsFinite(reported) ? reported : null, decision,
                        decision < 0 ? FeedbackInferResult.ReasonCode(labels.Reasons[p]) : null,
                        JsonSerializer.Serialize(evidence, FeedbackJson.Stored), .. GradedColumns(result.Graded, p)], ct);
                    if (p % 5000 == 0) await run.ReportAsync("storing labels", p, aggregate.PairCount);
                }
                await labelWriter.FlushAsync(ct);
                writtenLabels = labelWriter.Written;
            }

            // Decided and seed pairs leave the queue (unless a rater holds them) and the rest is re-ranked by value, before
            // the job reports success: the queue a client sees after the job is the true one.
            var settled = new List<long>();
            foreach (var (p, taskId) in existingTask)
            {
                if (labels.Labels[p] >= 0 || seedPairs.Contains((aggregate.GetQueryId(p), aggregate.GetDocId(p)))) settled.Add(taskId);
            }
            await run.ReportAsync("withdrawing settled tasks", 0, settled.Count);
            var withdrawn = await queue.WithdrawAsync(project.Id, settled, ct);
            var requeued = await queue.RequeueAsync(project.Id, [.. requeue.Select(c => c.WithdrawnTask!.Value)], ct);
            await queue.ReRankAsync(project.Id, queuedValue, ct);

            var timings = new Dictionary<string, double>(stageTimings);
            foreach (var t in result.Timings) timings[t.Stage] = Math.Round(t.Elapsed.TotalMilliseconds, 1);
            timings["write"] = Math.Round(sw.Elapsed.TotalMilliseconds, 1);
            timings["total"] = Math.Round(timings.Values.Sum(), 1);
            ingest.CountersJson = FeedbackJson.Write(Counters(aggregate.Summary));
            ingest.ThetaJson = FeedbackJson.Write(Theta(result));
            ingest.CalibrationJson = FeedbackJson.Write(Calibration(labels, settings, seedSource, fileSeedCount, humanSeedCount, seedMalformed));
            ingest.OutcomeJson = FeedbackJson.Write(new FeedbackOutcome
            {
                Pairs = aggregate.PairCount, Relevant = labels.Positives, NotRelevant = labels.Negatives, Abstained = labels.Abstained,
                AbstainReasons = labels.AbstainCounts.Where(kv => kv.Key != AbstainReason.None)
                    .ToDictionary(kv => FeedbackInferResult.ReasonCode(kv.Key), kv => kv.Value),
                LabelsWritten = writtenLabels, PairsWithLongIds = longIds, TasksCreated = newTasks.Count,
                TasksAlreadyQueued = alreadyQueued, SeedPairsNotQueued = seedSkipped, TasksWithdrawn = withdrawn, TasksRequeued = requeued, PairsWithoutText = withoutText,
                EvidenceIngests = JsonSerializer.Deserialize<List<long>>(ingest.EvidenceIngestIdsJson)?.Count ?? 0, TasksOverCap = overCap, TaskNote = taskNote,
            });
            ingest.TimingsJson = FeedbackJson.Write(timings);
            if (result.Graded is { } gradedLabels) ingest.GradedJson = FeedbackJson.Write(FeedbackGraded.From(gradedLabels));
            ingest.State = FeedbackIngestState.Succeeded;
            ingest.FinishedAt = clock.GetUtcNow().UtcDateTime;

            var view = FeedbackService.ToView(ingest);
            var o = view.Outcome;
            var message = string.Format(CultureInfo.InvariantCulture,
                "{0:N0} pairs: {1:N0} relevant, {2:N0} not relevant, {3:N0} abstained ({4:N0} new tasks for raters).",
                o.Pairs, o.Relevant, o.NotRelevant, o.Abstained, o.TasksCreated);
            if (view.Drift is { Warning: true } drift)
            {
                var moved = drift.Ranks.Where(r => r.Moved).Select(r => r.Rank).ToList();
                message += $" Click drift: click-through moved beyond sampling noise at rank{(moved.Count == 1 ? "" : "s")} {string.Join(", ", moved)}.";
            }
            var outcome = JobOutcome.Succeeded(message, new FeedbackIngestResult(false, message, view));
            await run.ReportAsync("publishing", aggregate.PairCount, aggregate.PairCount);
            await PublishAsync(run, staged, ingest, outcome, ct);
            return outcome;
        }
        finally
        {
            if (staged is not null) await staged.DisposeAsync();
        }
    }

    /// <summary>Grade, P(grade = 0 … 4) and expected grade of a pair (nulls without them), in the label writer's column order.</summary>
    private static object?[] GradedColumns(GradedLabels? graded, int p)
    {
        if (graded is null || !graded.HasProbabilities(p)) return [null, null, null, null, null, null, null];
        static object R(double v) => Math.Round(v, 6);
        return [graded.Grade(p) >= 0 ? graded.Grade(p) : null, R(graded.Probability(p, 0)), R(graded.Probability(p, 1)),
            R(graded.Probability(p, 2)), R(graded.Probability(p, 3)), R(graded.Probability(p, 4)), R(graded.ExpectedGrade(p))];
    }

    /// <summary>
    /// The value of a human label for an abstained pair: impressions x uncertainty. A gated abstention (spam, too few
    /// impressions, low ranks only, clicks vs dwell) has a score nobody should trust, so it counts as fully uncertain;
    /// an uncertain score by how close P(relevant) is to one half.
    /// </summary>
    private static double ExpectedValue(ClickAggregate aggregate, FeedbackLabels labels, int p)
    {
        var pRel = Finite(labels.PRel[p], 0.5);
        var uncertainty = labels.Reasons[p] == AbstainReason.UncertainScore ? 1 - Math.Abs(2 * pRel - 1) : 1;
        return aggregate.GetPairCounts(p).Impressions * uncertainty;
    }

    private static StagedTask NewTask(Candidate c, int randomKey, long ingestId, FeedbackLabels labels, ProjectPairs pairs,
        CatalogTexts catalog)
    {
        var reason = FeedbackInferResult.ReasonCode(labels.Reasons[c.Pair]);
        var query = catalog.Queries.GetValueOrDefault(c.QueryId);
        var doc = catalog.Docs.GetValueOrDefault(c.DocId);
        var data = new Dictionary<string, string>
        {
            ["query_id"] = c.QueryId,
            ["doc_id"] = c.DocId,
            ["query"] = NonEmpty(query?.Text) ?? NonEmpty(query?.Title) ?? pairs.QueryTexts.GetValueOrDefault(c.QueryId) ?? c.QueryId,
            ["reason"] = FeedbackService.ReasonText(reason),
        };
        if (doc is not null)
        {
            // $doc reads as the result a searcher saw: title, snippet and link, one per line.
            var snippet = FeedbackCatalogService.Snippet(doc.Text);
            data["doc"] = string.Join("\n\n", new[] { doc.Title, snippet, doc.Url }.Where(x => !string.IsNullOrWhiteSpace(x)));
            data["doc_title"] = doc.Title ?? "";
            data["doc_snippet"] = snippet;
            data["doc_url"] = doc.Url ?? "";
        }
        else
        {
            data["doc"] = pairs.DocTexts.GetValueOrDefault(c.DocId) ?? c.DocId;
        }
        var meta = JsonSerializer.Serialize(new
        {
            source = "click_feedback", ingest_id = ingestId, reason,
            expected_value = Math.Round(c.Value, 4), p_rel = Math.Round(Finite(labels.PRel[c.Pair], 0.5), 4),
        }, FeedbackJson.Stored);
        return new StagedTask(JsonSerializer.Serialize(data, FeedbackJson.Stored), meta, ExternalKey: c.QueryId + "\t" + c.DocId,
            RandomKey: randomKey);
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    /// <summary>The catalog texts of the candidate pairs, and whether the project has a catalog at all.</summary>
    private sealed record CatalogTexts(bool Exists, Dictionary<string, FeedbackCatalogEntry> Queries, Dictionary<string, FeedbackCatalogEntry> Docs)
    {
        public bool HasText(string queryId, string docId, ProjectPairs pairs) =>
            (Queries.ContainsKey(queryId) || pairs.QueryTexts.ContainsKey(queryId))
            && (Docs.ContainsKey(docId) || pairs.DocTexts.ContainsKey(docId));
    }

    /// <summary>The ingest's labels (and tasks, when it queued any) become visible with its summary, in one transaction.</summary>
    private async Task PublishAsync(JobRun run, StagedBatch? staged, FeedbackIngest ingest, JobOutcome outcome, CancellationToken ct)
    {
        Task MarkSucceeded(AppDbContext db) => db.FeedbackIngests.Where(i => i.Id == ingest.Id).ExecuteUpdateAsync(s => s
            .SetProperty(i => i.CountersJson, ingest.CountersJson)
            .SetProperty(i => i.ThetaJson, ingest.ThetaJson)
            .SetProperty(i => i.CalibrationJson, ingest.CalibrationJson)
            .SetProperty(i => i.OutcomeJson, ingest.OutcomeJson)
            .SetProperty(i => i.TimingsJson, ingest.TimingsJson)
            .SetProperty(i => i.EvidenceIngestIdsJson, ingest.EvidenceIngestIdsJson)
            .SetProperty(i => i.GradedJson, ingest.GradedJson)
            .SetProperty(i => i.State, FeedbackIngestState.Succeeded)
            .SetProperty(i => i.FinishedAt, ingest.FinishedAt), ct);

        if (staged is not null)
        {
            await staged.PublishAsync(run.JobId, outcome, ingest.Sha256, ingest.SizeBytes, MarkSucceeded, ct);
            return;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        using var writing = await writeLock.EnterBulkAsync(WriteHolder.ClickIngest, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await MarkSucceeded(db);
        await JobCompletion.MarkAsync(db, run.JobId, outcome, clock.GetUtcNow().UtcDateTime, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>A job that ended without finishing leaves its ingest Failed, with the reason; its labels are deleted later.</summary>
    private static double Finite(double value, double fallback) => double.IsFinite(value) ? value : fallback;

    private static (IReadOnlyList<SeedLabel> Seed, int FileCount, int HumanCount, int Malformed) BuildSeed(FeedbackSeed? file,
        ProjectPairs pairs)
    {
        var merged = new Dictionary<(string, string), SeedLabel>();
        int fileCount = 0, malformed = 0;
        if (file is not null)
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(file.ContentTsv));
            foreach (var s in SeedReader.Read(stream, out malformed))
            {
                merged[(s.QueryId, s.DocId)] = s;
            }
            fileCount = merged.Count;
        }
        // The project's own judgements override the file for the same pair.
        foreach (var (pair, human) in pairs.Human)
        {
            merged[pair] = new SeedLabel(pair.Q, pair.D, human.Grade);
        }
        return (merged.Values.ToList(), fileCount, pairs.Human.Count, malformed);
    }

    private static string DescribeSeed(FeedbackSeed? file, int fileCount, int humanCount)
    {
        var parts = new List<string>();
        if (file is not null) parts.Add($"seed file {file.FileName} ({fileCount} pairs)");
        if (humanCount > 0) parts.Add($"project consensus and gold ({humanCount} pairs)");
        return parts.Count == 0 ? "none" : string.Join(" + ", parts);
    }

    private static FeedbackCounters Counters(IngestSummary s) => new()
    {
        Lines = s.Lines, ImpressionsRead = s.ImpressionsRead, ImpressionsKept = s.ImpressionsKept,
        DuplicateImpressions = s.DuplicateImpressions, MalformedLines = s.MalformedLines,
        MalformedExamples = s.MalformedExamples.Select(m => new MalformedLineView(m.LineNumber, m.Reason)).ToList(),
        ClickEvents = s.ClickEvents, CollapsedClicks = s.CollapsedClicks, OrphanClicks = s.OrphanClicks,
        NullDwellClicks = s.NullDwellClicks, Users = s.Users, BotUsers = s.BotUsers, BotImpressionsDropped = s.BotImpressionsDropped,
        SpamPairs = s.SpamPairs, Queries = s.Queries, Docs = s.Docs, Pairs = s.Pairs, Rankers = s.Rankers,
    };

    private static List<ThetaPoint> Theta(FeedbackInferResult result)
    {
        var totals = result.Aggregate.GetRankTotals();
        var theta = result.Scores.Pbm.Theta;
        var list = new List<ThetaPoint>();
        for (var k = 0; k < theta.Count && k < totals.Count; k++)
        {
            if (totals[k].Impressions > 0)
            {
                list.Add(new ThetaPoint(k + 1, Math.Round(Finite(theta[k], 0), 6), totals[k].Impressions, totals[k].Clicks));
            }
        }
        return list;
    }

    private static FeedbackCalibration Calibration(FeedbackLabels labels, FeedbackSettings settings, string seedSource,
        int fileSeedCount, int humanSeedCount, int seedMalformed)
    {
        var c = labels.Calibration;
        var curve = c.Curve;
        var step = Math.Max(1, curve.Count / 60);
        var points = new List<CoveragePoint>();
        for (var i = 0; i < curve.Count; i++)
        {
            if (i % step != 0 && i != curve.Count - 1) continue;
            var pt = curve[i];
            if (!double.IsFinite(pt.Coverage) || !double.IsFinite(pt.Precision)) continue;
            points.Add(new CoveragePoint(Math.Round(pt.Coverage, 4), Math.Round(pt.Precision, 4), Math.Round(Finite(pt.Threshold, 1), 4)));
        }
        static double? F(double v) => double.IsFinite(v) ? Math.Round(v, 4) : null;
        return new FeedbackCalibration
        {
            Mode = c.Mode, Description = c.Description, TargetPrecision = c.TargetPrecision, TargetReached = c.TargetReached,
            Threshold = Math.Round(Finite(c.ConfidenceThreshold, 1), 4), RelevantMinGrade = settings.RelevantMinGrade,
            SeedSource = seedSource, FileSeedPairs = fileSeedCount, HumanSeedPairs = humanSeedCount, SeedPairs = c.SeedPairs,
            SeedPairsWithEvidence = c.SeedPairsWithEvidence, SeedPositives = c.SeedPositives, SeedMalformedRows = seedMalformed,
            SeedPrecision = c.Mode == "seed" ? F(c.SeedPrecision) : null, SeedCoverage = c.Mode == "seed" ? F(c.SeedCoverage) : null,
            SeedAuc = c.Mode == "seed" ? F(c.SeedAuc) : null, Coverage = Math.Round(labels.Coverage, 4), Curve = points,
        };
    }

    private static FeedbackEvidence Evidence(PairEvidence e)
    {
        static double R(double v) => double.IsFinite(v) ? Math.Round(v, 5) : 0;
        return new FeedbackEvidence
        {
            Impressions = e.Impressions, Clicks = e.Clicks, SatClicks = e.SatClicks, BestRank = e.BestRank,
            DistinctClickers = e.DistinctClickers, TopClickerShare = R(e.TopClickerShare), EffectiveImpressions = R(e.EffectiveImpressions),
            Ctr = R(e.Ctr), SatCtr = R(e.SatCtr), PbmAlpha = R(e.PbmAlpha), PbmAlphaSd = R(e.PbmAlphaSd),
            SdbnAttractiveness = R(e.SdbnAttractiveness), SdbnSatisfaction = R(e.SdbnSatisfaction), Sdbn = R(e.Sdbn),
            SpamSuspected = e.SpamSuspected,
            Ranks = e.Ranks.Select(r => new RankEvidenceView(r.Rank, r.Impressions, r.Clicks, r.SatClicks, R(r.Theta))).ToList(),
        };
    }
}
