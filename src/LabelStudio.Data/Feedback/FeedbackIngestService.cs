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
using LabelStudio.Feedback.Ingest;
using LabelStudio.Feedback.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LabelStudio.Data.Feedback;

/// <summary>
/// Ingests a click log into a project as a job: hash (the same file twice changes nothing), parse and clean, fit the
/// click models, calibrate on the human seed (the uploaded seed TSV and the project's own judgements), then write one
/// label per pair and the abstained pairs as tasks. Labels and tasks are written in short chunks, invisible, and
/// published with the ingest's summary in one small transaction. Malformed lines are counted and reported with their
/// numbers; a log with no usable line fails.
/// </summary>
public sealed class FeedbackIngestService(IDbContextFactory<AppDbContext> dbFactory, FeedbackService feedback,
    BulkTaskWriter writer, WriteLock writeLock, TimeProvider clock, IOptions<JobOptions> jobOptions)
{
    public const string JobKind = "click-ingest";
    private static readonly ConcurrentDictionary<long, SemaphoreSlim> ProjectLocks = new();

    /// <summary>The job's parameters: the log's format, <c>native</c> or <c>yandex</c>.</summary>
    public sealed class Parameters
    {
        public string Format { get; set; } = "native";
    }

    internal async Task<JobOutcome> RunAsync(JobRun run, CancellationToken ct)
    {
        var projectId = run.ProjectId ?? throw new DomainValidationException("A click-log ingest needs a project.");
        var format = run.Parameters<Parameters>().Format == "yandex" ? ClickLogFormat.Yandex : ClickLogFormat.Native;
        Project project;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct)
                      ?? throw new NotFoundException($"Project {projectId} does not exist.");
        }
        var totalBytes = new FileInfo(run.InputPath).Length;
        if (totalBytes == 0) throw new DomainValidationException("The click log is empty.");

        // One ingest per project at a time, so the duplicate check below cannot race with an identical upload.
        var projectLock = ProjectLocks.GetOrAdd(projectId, _ => new SemaphoreSlim(1, 1));
        await projectLock.WaitAsync(ct);
        try
        {
            await run.ReportAsync("checking", 0, totalBytes);
            var sha = await HashFileAsync(run.InputPath, ct);
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                var earlier = await db.FeedbackIngests.AsNoTracking()
                    .Where(i => i.ProjectId == projectId && i.Sha256 == sha && i.State == FeedbackIngestState.Succeeded)
                    .OrderBy(i => i.Id).FirstOrDefaultAsync(ct);
                if (earlier is not null)
                {
                    var message = $"{run.FileName} was already ingested (ingest #{earlier.Id}, {earlier.StartedAt:u}); nothing changed.";
                    return JobOutcome.Succeeded(message, new FeedbackIngestResult(true, message, FeedbackService.ToView(earlier)));
                }
            }
            return await IngestAsync(run, project, sha, totalBytes, format, ct);
        }
        catch (Exception e) when (e is FeedbackInputException or InvalidDataException)
        {
            throw new DomainValidationException(e.Message);
        }
        finally
        {
            projectLock.Release();
        }
    }

    private async Task<JobOutcome> IngestAsync(JobRun run, Project project, string sha, long totalBytes, ClickLogFormat format,
        CancellationToken ct)
    {
        var ingest = new FeedbackIngest
        {
            ProjectId = project.Id, FileName = Path.GetFileName(run.FileName), Sha256 = sha, SizeBytes = totalBytes,
            Format = format == ClickLogFormat.Yandex ? "yandex" : "native", ImportedById = run.CreatedById,
            StartedAt = clock.GetUtcNow().UtcDateTime, State = FeedbackIngestState.Running, JobId = run.JobId,
        };
        var settings = await feedback.GetSettingsAsync(project.Id, ct);
        ProjectPairs pairs;
        FeedbackSeed? fileSeed;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            pairs = await ProjectPairs.LoadAsync(db, project.Id, ct);
            fileSeed = await db.FeedbackSeeds.AsNoTracking().Where(s => s.ProjectId == project.Id)
                .OrderByDescending(s => s.Id).FirstOrDefaultAsync(ct);
        }
        var (seed, fileSeedCount, humanSeedCount, seedMalformed) = BuildSeed(fileSeed, pairs);
        var calibrationOptions = new CalibrationOptions
        {
            TargetPrecision = settings.TargetPrecision, RelevantMinGrade = settings.RelevantMinGrade,
        };
        var result = await Task.Run(() => RunModels(run, format, totalBytes, seed, calibrationOptions, ct), ct);
        RequireUsable(result.Aggregate.Summary, result.PairCount, run.FileName);
        // The ingest is recorded once there is something to store: a log that cannot be read leaves only its failed job.
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.FeedbackIngests.Add(ingest);
            await db.SaveChangesAsync(ct);
        }
        var seedSource = DescribeSeed(fileSeed, fileSeedCount, humanSeedCount);
        return await WriteAsync(run, project, ingest, result, pairs, settings, seedSource, fileSeedCount, humanSeedCount,
            seedMalformed, ct);
    }

    /// <summary>A log none of whose lines could be used is a failed ingest, never "Succeeded with 0 pairs".</summary>
    private static void RequireUsable(IngestSummary summary, int pairs, string fileName)
    {
        if (summary.ImpressionsRead == 0)
        {
            var example = summary.MalformedExamples.FirstOrDefault() is { } m ? $" Line {m.LineNumber}: {Reason(m.Reason)}." : "";
            throw new FeedbackInputException(string.Create(CultureInfo.InvariantCulture,
                $"No line of {fileName} is a usable impression ({summary.Lines:N0} lines read, {summary.MalformedLines:N0} malformed).{example} Nothing was stored."));
        }
        if (pairs == 0)
        {
            throw new FeedbackInputException(string.Create(CultureInfo.InvariantCulture,
                $"No (query, doc) pair is left in {fileName} after cleaning ({summary.ImpressionsRead:N0} impressions read, {summary.ImpressionsKept:N0} kept). Nothing was stored."));
        }
    }

    private FeedbackInferResult RunModels(JobRun run, ClickLogFormat format, long totalBytes,
        IReadOnlyList<SeedLabel> seed, CalibrationOptions calibration, CancellationToken ct)
    {
        var timings = new List<StageTiming>();
        var sw = Stopwatch.StartNew();
        // Spill files go to the job's own folder, which is deleted when the job ends (or at the next start).
        using var ingestor = new ClickLogIngestor(new IngestOptions { SpillDirectory = run.WorkDirectory });
        using (var file = new FileStream(run.InputPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
        using (var counting = new ProgressReadStream(file, bytes => run.Report("parsing", bytes, totalBytes), ct))
        {
            ingestor.Add(counting, format);
        }
        timings.Add(new StageTiming("ingest", sw.Elapsed));
        ct.ThrowIfCancellationRequested();

        run.Report("cleaning", totalBytes, totalBytes);
        var aggregate = ingestor.Complete(out var clean, out var aggregateTime);
        timings.Add(new StageTiming("clean", clean));
        timings.Add(new StageTiming("aggregate", aggregateTime));
        ct.ThrowIfCancellationRequested();

        run.Report("fitting click models", totalBytes, totalBytes);
        sw.Restart();
        var scores = ClickModels.Fit(aggregate, new ModelOptions());
        timings.Add(new StageTiming("models", sw.Elapsed));
        ct.ThrowIfCancellationRequested();

        run.Report("calibrating", totalBytes, totalBytes);
        sw.Restart();
        var labels = FeedbackLabeler.Label(aggregate, scores, seed.Count > 0 ? seed : null, calibration);
        timings.Add(new StageTiming("calibrate", sw.Elapsed));
        return new FeedbackInferResult
        {
            Aggregate = aggregate, Scores = scores, Labels = labels, Timings = timings, Format = format,
        };
    }

    private sealed record Candidate(int Pair, string QueryId, string DocId, double Value);

    private async Task<JobOutcome> WriteAsync(JobRun run, Project project, FeedbackIngest ingest, FeedbackInferResult result,
        ProjectPairs pairs, FeedbackSettings settings, string seedSource, int fileSeedCount, int humanSeedCount,
        int seedMalformed, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        var now = clock.GetUtcNow().UtcDateTime;
        var aggregate = result.Aggregate;
        var labels = result.Labels;
        var cal = labels.Calibration;
        var model = cal.Mode == "seed" ? "combined+logistic" : "pbm-posterior";
        var fit = feedback.TaskFit(project);

        // Abstained pairs without a task, by expected value of a human label: impressions x uncertainty.
        var candidates = new List<Candidate>();
        int alreadyQueued = 0, longIds = 0;
        var existingTask = new Dictionary<int, long>();
        for (var p = 0; p < aggregate.PairCount; p++)
        {
            var q = aggregate.GetQueryId(p);
            var d = aggregate.GetDocId(p);
            if (q.Length > FeedbackService.MaxIdLength || d.Length > FeedbackService.MaxIdLength)
            {
                longIds++;
                continue;
            }
            if (pairs.TaskByPair.TryGetValue((q, d), out var taskId))
            {
                existingTask[p] = taskId;
                if (labels.Labels[p] < 0) alreadyQueued++;
                continue;
            }
            if (labels.Labels[p] >= 0) continue;
            // A gated abstention (spam, too few impressions, low ranks only, clicks vs dwell) has a score nobody should
            // trust, so it counts as fully uncertain; an uncertain score by how close P(relevant) is to one half.
            var pRel = Finite(labels.PRel[p], 0.5);
            var uncertainty = labels.Reasons[p] == AbstainReason.UncertainScore ? 1 - Math.Abs(2 * pRel - 1) : 1;
            var value = aggregate.GetPairCounts(p).Impressions * uncertainty;
            candidates.Add(new Candidate(p, q, d, value));
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
                    await staged.AddAsync(NewTask(toQueue[i], keys[i], ingest.Id, labels, pairs), ct);
                }
                var ids = await staged.TaskIdsAsync(ct);
                for (var i = 0; i < toQueue.Count; i++) newTasks[toQueue[i].Pair] = ids[i + 1];
            }

            int writtenLabels;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                await db.Database.OpenConnectionAsync(ct);
                await BulkConnection.PrepareAsync(db, ct);
                await using var labelWriter = new FeedbackLabelWriter(db, writeLock, jobOptions.Value, project.Id, ingest.Id, model,
                    calibrationJson, now);
                for (var p = 0; p < aggregate.PairCount; p++)
                {
                    var q = aggregate.GetQueryId(p);
                    var d = aggregate.GetDocId(p);
                    if (q.Length > FeedbackService.MaxIdLength || d.Length > FeedbackService.MaxIdLength) continue;
                    long? taskId = existingTask.TryGetValue(p, out var t) ? t : newTasks.TryGetValue(p, out var n) ? n : null;
                    int decision = labels.Labels[p];
                    var evidence = Evidence(result.GetEvidence(p));
                    await labelWriter.AddAsync(q, d, taskId, Finite(result.Scores.Combined[p], 0), Finite(labels.PRel[p], 0.5), decision,
                        decision < 0 ? FeedbackInferResult.ReasonCode(labels.Reasons[p]) : null,
                        JsonSerializer.Serialize(evidence, FeedbackJson.Stored), ct);
                    if (p % 5000 == 0) await run.ReportAsync("storing labels", p, aggregate.PairCount);
                }
                await labelWriter.FlushAsync(ct);
                writtenLabels = labelWriter.Written;
            }

            var timings = result.Timings.ToDictionary(x => x.Stage, x => Math.Round(x.Elapsed.TotalMilliseconds, 1));
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
                TasksAlreadyQueued = alreadyQueued, TasksOverCap = overCap, TaskNote = taskNote,
            });
            ingest.TimingsJson = FeedbackJson.Write(timings);
            ingest.State = FeedbackIngestState.Succeeded;
            ingest.FinishedAt = clock.GetUtcNow().UtcDateTime;

            var view = FeedbackService.ToView(ingest);
            var o = view.Outcome;
            var message = string.Format(CultureInfo.InvariantCulture,
                "{0:N0} pairs: {1:N0} relevant, {2:N0} not relevant, {3:N0} abstained ({4:N0} new tasks for raters).",
                o.Pairs, o.Relevant, o.NotRelevant, o.Abstained, o.TasksCreated);
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

    private static StagedTask NewTask(Candidate c, int randomKey, long ingestId, FeedbackLabels labels, ProjectPairs pairs)
    {
        var reason = FeedbackInferResult.ReasonCode(labels.Reasons[c.Pair]);
        var data = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["query_id"] = c.QueryId,
            ["doc_id"] = c.DocId,
            ["query"] = pairs.QueryTexts.GetValueOrDefault(c.QueryId) ?? c.QueryId,
            ["doc"] = pairs.DocTexts.GetValueOrDefault(c.DocId) ?? c.DocId,
            ["reason"] = FeedbackService.ReasonText(reason),
        }, FeedbackJson.Stored);
        var meta = JsonSerializer.Serialize(new
        {
            source = "click_feedback", ingest_id = ingestId, reason,
            expected_value = Math.Round(c.Value, 4), p_rel = Math.Round(Finite(labels.PRel[c.Pair], 0.5), 4),
        }, FeedbackJson.Stored);
        return new StagedTask(data, meta, ExternalKey: c.QueryId + "\t" + c.DocId, RandomKey: randomKey);
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
            .SetProperty(i => i.State, FeedbackIngestState.Succeeded)
            .SetProperty(i => i.FinishedAt, ingest.FinishedAt), ct);

        if (staged is not null)
        {
            await staged.PublishAsync(run.JobId, outcome, ingest.Sha256, ingest.SizeBytes, MarkSucceeded, ct);
            return;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        using var writing = await writeLock.EnterBulkAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await MarkSucceeded(db);
        await JobCompletion.MarkAsync(db, run.JobId, outcome, clock.GetUtcNow().UtcDateTime, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>A job that ended without finishing leaves its ingest Failed, with the reason; its labels are deleted later.</summary>
    internal static Task AbandonAsync(AppDbContext db, long jobId, string reason, DateTime now, CancellationToken ct)
    {
        var failure = reason.Length <= 2000 ? reason : reason[..2000];
        return db.FeedbackIngests.Where(i => i.JobId == jobId && i.State == FeedbackIngestState.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.State, FeedbackIngestState.Failed)
                .SetProperty(i => i.Failure, failure)
                .SetProperty(i => i.FinishedAt, now), ct);
    }

    private static double Finite(double value, double fallback) => double.IsFinite(value) ? value : fallback;

    /// <summary>A malformed line's reason without the JSON reader's own (zero-based) position, which the line number replaces.</summary>
    private static string Reason(string reason)
    {
        var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? reason[..cut] : reason).TrimEnd('.', ' ');
    }

    private static async Task<string> HashFileAsync(string path, CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
    }

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
