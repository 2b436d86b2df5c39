using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LabelStudio.Consensus;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Common;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Database;
using LabelStudio.Data.Projects;
using LabelStudio.Feedback.Batch;
using LabelStudio.Feedback.Calibration;
using LabelStudio.Feedback.Ingest;
using LabelStudio.Feedback.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LabelStudio.Data.Feedback;

/// <summary>
/// Click feedback inside a project: ingests a click log (spooled file), runs the click models, calibrates them on a
/// human seed (an uploaded seed TSV and the project's own consensus labels on tasks whose data has
/// <c>query_id</c> and <c>doc_id</c>), stores one <see cref="FeedbackLabel"/> per pair and sends abstained pairs to the
/// human queue as tasks, all in one transaction. Re-ingesting a file with the same SHA-256 changes nothing.
/// </summary>
public sealed class FeedbackService(IDbContextFactory<AppDbContext> dbFactory, LabelingConfigCache configs, TimeProvider clock)
{
    /// <summary>Longest query or doc id stored (the task's external key is query id + tab + doc id, at most 400).</summary>
    public const int MaxIdLength = 190;

    public const long MaxSeedBytes = 20L << 20;

    /// <summary>Data keys a click-feedback task carries; a configuration reading only these can judge abstained pairs.</summary>
    public static readonly IReadOnlyList<string> TaskDataKeys = ["query_id", "doc_id", "query", "doc", "reason"];

    private const int LabelBatchRows = 50;
    private static readonly ConcurrentDictionary<long, SemaphoreSlim> ProjectLocks = new();

    // ---------------------------------------------------------------- ingest

    /// <summary>Spools <paramref name="content"/> to a temporary file and ingests it (see the path overload).</summary>
    public async Task<FeedbackIngestResult> IngestAsync(long projectId, Stream content, string fileName, ClickLogFormat format,
        Actor actor, IProgress<FeedbackProgress>? progress = null, CancellationToken ct = default)
    {
        ProjectService.RequireAdmin(actor);
        var path = Path.Combine(Path.GetTempPath(), $"labelstudio-clicks-{Guid.NewGuid():N}.upload");
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, true))
            {
                await content.CopyToAsync(file, 1 << 16, ct);
            }
            return await IngestFileAsync(projectId, path, fileName, format, actor, progress, ct);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Ingests a click log file into a project: hash (duplicate check), parse and clean (progress by bytes), fit the
    /// models, calibrate on the seed, then write labels, new tasks and the ingest's summary in one transaction.
    /// Malformed lines are counted and reported with their numbers, never fatal.
    /// </summary>
    public async Task<FeedbackIngestResult> IngestFileAsync(long projectId, string path, string fileName, ClickLogFormat format,
        Actor actor, IProgress<FeedbackProgress>? progress = null, CancellationToken ct = default)
    {
        ProjectService.RequireAdmin(actor);
        var totalBytes = new FileInfo(path).Length;
        Project project;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct)
                      ?? throw new NotFoundException($"Project {projectId} does not exist.");
        }

        var gate = ProjectLocks.GetOrAdd(projectId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            progress?.Report(new FeedbackProgress("checking", 0, totalBytes));
            var sha = await HashFileAsync(path, ct);
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                var earlier = await db.FeedbackIngests.AsNoTracking()
                    .Where(i => i.ProjectId == projectId && i.Sha256 == sha && i.State == FeedbackIngestState.Succeeded)
                    .OrderBy(i => i.Id).FirstOrDefaultAsync(ct);
                if (earlier is not null)
                {
                    progress?.Report(new FeedbackProgress("done", totalBytes, totalBytes));
                    return new FeedbackIngestResult(true,
                        $"{Path.GetFileName(fileName)} was already ingested (ingest #{earlier.Id}, {earlier.StartedAt:u}); nothing changed.",
                        ToView(earlier));
                }
            }
            return await RunIngestAsync(project, path, fileName, sha, totalBytes, format, actor, progress, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<FeedbackIngestResult> RunIngestAsync(Project project, string path, string fileName, string sha,
        long totalBytes, ClickLogFormat format, Actor actor, IProgress<FeedbackProgress>? progress, CancellationToken ct)
    {
        var ingest = new FeedbackIngest
        {
            ProjectId = project.Id, FileName = Path.GetFileName(fileName), Sha256 = sha, SizeBytes = totalBytes,
            Format = format == ClickLogFormat.Yandex ? "yandex" : "native", ImportedById = actor.UserId,
            StartedAt = clock.GetUtcNow().UtcDateTime, State = FeedbackIngestState.Running,
        };
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.FeedbackIngests.Add(ingest);
            await db.SaveChangesAsync(ct);
        }

        try
        {
            var settings = await GetSettingsAsync(project.Id, ct);
            ProjectPairs pairs;
            FeedbackSeed? fileSeed;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                pairs = await LoadProjectPairsAsync(db, project.Id, ct);
                fileSeed = await db.FeedbackSeeds.AsNoTracking().Where(s => s.ProjectId == project.Id)
                    .OrderByDescending(s => s.Id).FirstOrDefaultAsync(ct);
            }
            var (seed, fileSeedCount, humanSeedCount, seedMalformed) = BuildSeed(fileSeed, pairs);

            var calibrationOptions = new CalibrationOptions
            {
                TargetPrecision = settings.TargetPrecision, RelevantMinGrade = settings.RelevantMinGrade,
            };
            var result = await Task.Run(() => RunModels(path, format, totalBytes, seed, calibrationOptions, progress, ct), ct);

            var seedSource = DescribeSeed(fileSeed, fileSeedCount, humanSeedCount);
            var written = await WriteAsync(project, ingest, result, pairs, settings, seedSource, fileSeedCount,
                humanSeedCount, seedMalformed, progress, ct);
            var view = ToView(written);
            var o = view.Outcome;
            progress?.Report(new FeedbackProgress("done", totalBytes, totalBytes, result.PairCount, o.LabelsWritten));
            var ci = CultureInfo.InvariantCulture;
            return new FeedbackIngestResult(false, string.Format(ci,
                "{0:N0} pairs: {1:N0} relevant, {2:N0} not relevant, {3:N0} abstained ({4:N0} new tasks for raters).",
                o.Pairs, o.Relevant, o.NotRelevant, o.Abstained, o.TasksCreated), view);
        }
        catch (Exception e)
        {
            var message = e switch
            {
                FeedbackInputException or InvalidDataException or DomainValidationException => e.Message,
                OperationCanceledException => "The ingest was cancelled; nothing was stored.",
                _ => "The ingest failed because of an internal error; nothing was stored. It is safe to try again.",
            };
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await db.FeedbackIngests.Where(i => i.Id == ingest.Id).ExecuteUpdateAsync(s => s
                .SetProperty(i => i.State, FeedbackIngestState.Failed)
                .SetProperty(i => i.Failure, message)
                .SetProperty(i => i.FinishedAt, clock.GetUtcNow().UtcDateTime), CancellationToken.None);
            if (e is FeedbackInputException or InvalidDataException) throw new DomainValidationException(message);
            throw;
        }
    }

    private static FeedbackInferResult RunModels(string path, ClickLogFormat format, long totalBytes,
        IReadOnlyList<SeedLabel> seed, CalibrationOptions calibration, IProgress<FeedbackProgress>? progress,
        CancellationToken ct)
    {
        var timings = new List<StageTiming>();
        var sw = Stopwatch.StartNew();
        using var ingestor = new ClickLogIngestor(new IngestOptions());
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
        using (var counting = new ProgressReadStream(file, bytes => progress?.Report(new FeedbackProgress("parsing", bytes, totalBytes)), ct))
        {
            ingestor.Add(counting, format);
        }
        timings.Add(new StageTiming("ingest", sw.Elapsed));
        ct.ThrowIfCancellationRequested();

        progress?.Report(new FeedbackProgress("cleaning", totalBytes, totalBytes));
        var aggregate = ingestor.Complete(out var clean, out var aggregateTime);
        timings.Add(new StageTiming("clean", clean));
        timings.Add(new StageTiming("aggregate", aggregateTime));
        ct.ThrowIfCancellationRequested();

        progress?.Report(new FeedbackProgress("models", totalBytes, totalBytes, aggregate.PairCount));
        sw.Restart();
        var scores = ClickModels.Fit(aggregate, new ModelOptions());
        timings.Add(new StageTiming("models", sw.Elapsed));
        ct.ThrowIfCancellationRequested();

        progress?.Report(new FeedbackProgress("calibrating", totalBytes, totalBytes, aggregate.PairCount));
        sw.Restart();
        var labels = FeedbackLabeler.Label(aggregate, scores, seed.Count > 0 ? seed : null, calibration);
        timings.Add(new StageTiming("calibrate", sw.Elapsed));
        return new FeedbackInferResult
        {
            Aggregate = aggregate, Scores = scores, Labels = labels, Timings = timings, Format = format,
        };
    }

    private sealed record Candidate(int Pair, string QueryId, string DocId, double Value);

    private async Task<FeedbackIngest> WriteAsync(Project project, FeedbackIngest ingest, FeedbackInferResult result,
        ProjectPairs pairs, FeedbackSettings settings, string seedSource, int fileSeedCount, int humanSeedCount,
        int seedMalformed, IProgress<FeedbackProgress>? progress, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        var now = clock.GetUtcNow().UtcDateTime;
        var aggregate = result.Aggregate;
        var labels = result.Labels;
        var cal = labels.Calibration;
        var model = cal.Mode == "seed" ? "combined+logistic" : "pbm-posterior";
        var fit = TaskFit(project);

        // Abstained pairs without a task, by expected value of a human label: impressions x uncertainty.
        var candidates = new List<Candidate>();
        int alreadyQueued = 0, longIds = 0;
        var existingTask = new Dictionary<int, long>();
        for (var p = 0; p < aggregate.PairCount; p++)
        {
            var q = aggregate.GetQueryId(p);
            var d = aggregate.GetDocId(p);
            if (q.Length > MaxIdLength || d.Length > MaxIdLength)
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

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var connection = db.Database.GetDbConnection();
        var transaction = tx.GetDbTransaction();
        var sqlite = db.IsSqlite;

        var newTasks = new Dictionary<int, long>();
        if (toQueue.Count > 0)
        {
            // Served highest expected value first: sequential projects take tasks by id (inserted in value order),
            // random-order projects by RandomKey (sorted random keys handed out in value order).
            var keys = new int[toQueue.Count];
            for (var i = 0; i < keys.Length; i++) keys[i] = Random.Shared.Next();
            Array.Sort(keys);
            await using var insert = TaskInsertCommand(connection, transaction, sqlite);
            DbCommandParameters.Set(insert, "ProjectId", project.Id);
            DbCommandParameters.Set(insert, "CreatedAt", now);
            DbCommandParameters.Set(insert, "RequiredRatings", project.Overlap);
            if (sqlite) insert.Prepare();
            for (var i = 0; i < toQueue.Count; i++)
            {
                var c = toQueue[i];
                var reason = FeedbackInferResult.ReasonCode(labels.Reasons[c.Pair]);
                var data = JsonSerializer.Serialize(new Dictionary<string, string>
                {
                    ["query_id"] = c.QueryId,
                    ["doc_id"] = c.DocId,
                    ["query"] = pairs.QueryTexts.GetValueOrDefault(c.QueryId) ?? c.QueryId,
                    ["doc"] = pairs.DocTexts.GetValueOrDefault(c.DocId) ?? c.DocId,
                    ["reason"] = ReasonText(reason),
                }, FeedbackJson.Stored);
                var meta = JsonSerializer.Serialize(new
                {
                    source = "click_feedback", ingest_id = ingest.Id, reason,
                    expected_value = Math.Round(c.Value, 4), p_rel = Math.Round(Finite(labels.PRel[c.Pair], 0.5), 4),
                }, FeedbackJson.Stored);
                DbCommandParameters.Set(insert, "SourceIndex", i + 1);
                DbCommandParameters.Set(insert, "DataJson", data);
                DbCommandParameters.Set(insert, "MetaJson", meta);
                DbCommandParameters.Set(insert, "ExternalKey", c.QueryId + "\t" + c.DocId);
                DbCommandParameters.Set(insert, "RandomKey", keys[i]);
                newTasks[c.Pair] = Convert.ToInt64(await insert.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            }
        }

        var writer = new LabelRowWriter(connection, transaction, sqlite, project.Id, ingest.Id, model, calibrationJson, now);
        var writtenLabels = 0;
        for (var p = 0; p < aggregate.PairCount; p++)
        {
            var q = aggregate.GetQueryId(p);
            var d = aggregate.GetDocId(p);
            if (q.Length > MaxIdLength || d.Length > MaxIdLength) continue;
            long? taskId = existingTask.TryGetValue(p, out var t) ? t : newTasks.TryGetValue(p, out var n) ? n : null;
            int decision = labels.Labels[p];
            var evidence = Evidence(result.GetEvidence(p));
            await writer.AddAsync(q, d, taskId, Finite(result.Scores.Combined[p], 0), Finite(labels.PRel[p], 0.5), decision,
                decision < 0 ? FeedbackInferResult.ReasonCode(labels.Reasons[p]) : null,
                JsonSerializer.Serialize(evidence, FeedbackJson.Stored), ct);
            if (++writtenLabels % 5000 == 0)
            {
                progress?.Report(new FeedbackProgress("writing", ingest.SizeBytes, ingest.SizeBytes, aggregate.PairCount, writtenLabels));
            }
        }
        await writer.FlushAsync(ct);
        writer.Dispose();

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
        db.FeedbackIngests.Attach(ingest);
        db.Entry(ingest).State = EntityState.Modified;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ingest;
    }

    private static DbCommand TaskInsertCommand(DbConnection connection, DbTransaction transaction, bool sqlite)
    {
        const string columns = "\"ProjectId\", \"ImportBatchId\", \"SourceIndex\", \"DataJson\", \"MetaJson\", \"ExternalKey\", " +
                               "\"CreatedAt\", \"RequiredRatings\", \"CompletedCount\", \"SkipCount\", \"IsComplete\", \"RandomKey\"";
        const string values = "(@ProjectId, NULL, @SourceIndex, @DataJson, @MetaJson, @ExternalKey, @CreatedAt, @RequiredRatings, 0, 0, 0, @RandomKey)";
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sqlite
            ? $"INSERT INTO \"Tasks\" ({columns}) VALUES {values} RETURNING \"Id\";"
            : $"INSERT INTO \"Tasks\" ({columns}) OUTPUT INSERTED.\"Id\" VALUES {values};";
        DbCommandParameters.Add(command, ["ProjectId", "SourceIndex", "DataJson", "MetaJson", "ExternalKey", "CreatedAt", "RequiredRatings", "RandomKey"]);
        return command;
    }

    /// <summary>Prepared multi-row INSERTs of labels (EF's change tracker would grow with the log).</summary>
    private sealed class LabelRowWriter : IDisposable
    {
        private static readonly string[] Varying = ["QueryId", "DocId", "TaskId", "Score", "PRelevant", "Decision", "ReasonCode", "EvidenceJson"];
        private readonly DbConnection _connection;
        private readonly DbTransaction _transaction;
        private readonly bool _sqlite;
        private readonly object[] _constants;
        private readonly DbCommand _batch;
        private readonly List<object[]> _rows = new(LabelBatchRows);

        public LabelRowWriter(DbConnection connection, DbTransaction transaction, bool sqlite, long projectId, long ingestId,
            string model, string calibrationJson, DateTime now)
        {
            _connection = connection;
            _transaction = transaction;
            _sqlite = sqlite;
            _constants = [projectId, ingestId, model, calibrationJson, now];
            _batch = Command(LabelBatchRows);
        }

        private DbCommand Command(int rows)
        {
            const string columns = "\"ProjectId\", \"IngestId\", \"Model\", \"CalibrationJson\", \"CreatedAt\", \"QueryId\", \"DocId\", " +
                                   "\"TaskId\", \"Score\", \"PRelevant\", \"Decision\", \"ReasonCode\", \"EvidenceJson\"";
            var command = _connection.CreateCommand();
            command.Transaction = _transaction;
            var values = Enumerable.Range(0, rows).Select(r =>
                $"(@ProjectId, @IngestId, @Model, @CalibrationJson, @CreatedAt, {string.Join(", ", Varying.Select(c => $"@{c}{r}"))})");
            command.CommandText = $"INSERT INTO \"FeedbackLabels\" ({columns}) VALUES {string.Join(", ", values)};";
            DbCommandParameters.Add(command, ["ProjectId", "IngestId", "Model", "CalibrationJson", "CreatedAt"]);
            DbCommandParameters.Set(command, "ProjectId", _constants[0]);
            DbCommandParameters.Set(command, "IngestId", _constants[1]);
            DbCommandParameters.Set(command, "Model", _constants[2]);
            DbCommandParameters.Set(command, "CalibrationJson", _constants[3]);
            DbCommandParameters.Set(command, "CreatedAt", _constants[4]);
            for (var r = 0; r < rows; r++) DbCommandParameters.Add(command, Varying.Select(c => c + r));
            if (_sqlite) command.Prepare();
            return command;
        }

        public async Task AddAsync(string queryId, string docId, long? taskId, double score, double pRel, int decision,
            string? reason, string evidenceJson, CancellationToken ct)
        {
            _rows.Add([queryId, docId, (object?)taskId ?? DBNull.Value, score, pRel, decision, (object?)reason ?? DBNull.Value, evidenceJson]);
            if (_rows.Count == LabelBatchRows)
            {
                await ExecuteAsync(_batch, ct);
            }
        }

        public async Task FlushAsync(CancellationToken ct)
        {
            if (_rows.Count == 0) return;
            await using var tail = Command(_rows.Count);
            await ExecuteAsync(tail, ct);
        }

        private async Task ExecuteAsync(DbCommand command, CancellationToken ct)
        {
            for (var r = 0; r < _rows.Count; r++)
            {
                var suffix = r.ToString(CultureInfo.InvariantCulture);
                for (var c = 0; c < Varying.Length; c++) DbCommandParameters.Set(command, Varying[c] + suffix, _rows[r][c]);
            }
            await command.ExecuteNonQueryAsync(ct);
            _rows.Clear();
        }

        public void Dispose() => _batch.Dispose();
    }

    private static double Finite(double value, double fallback) => double.IsFinite(value) ? value : fallback;

    /// <summary>A rater-facing sentence for an abstention reason (stored in the task's data as <c>reason</c>).</summary>
    public static string ReasonText(string? code) => code switch
    {
        "spam_suspected" => "Clicks come from suspiciously few users (spam suspected).",
        "too_few_impressions" => "Shown too few times to judge from clicks.",
        "only_low_ranks" => "Only shown at low ranks, where few users look.",
        "clicks_dwell_disagree" => "Often clicked but rarely read: clicks and dwell time disagree.",
        "uncertain_score" => "The click evidence is not conclusive.",
        null or "" or "none" => "",
        _ => code,
    };

    private static async Task<string> HashFileAsync(string path, CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
    }

    // ---------------------------------------------------------------- seed and human labels

    private sealed class ProjectPairs
    {
        public Dictionary<(string Q, string D), long> TaskByPair { get; } = new();
        public Dictionary<long, (string Q, string D)> PairByTask { get; } = new();
        public Dictionary<(string Q, string D), (long TaskId, int Grade, string Source)> Human { get; } = new();
        public Dictionary<string, string> QueryTexts { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, string> DocTexts { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>
    /// One pass over the project's tasks: which (query, doc) pairs already have a task (by external key or by data
    /// keys <c>query_id</c>/<c>doc_id</c>), the texts of queries and docs, and each pair's human judgement (latest gold
    /// answer, else the consensus of an Agreed or Resolved outcome).
    /// </summary>
    private static async Task<ProjectPairs> LoadProjectPairsAsync(AppDbContext db, long projectId, CancellationToken ct)
    {
        var result = new ProjectPairs();
        var tasks = db.Tasks.AsNoTracking().Where(t => t.ProjectId == projectId)
            .Select(t => new { t.Id, t.DataJson, t.ExternalKey }).AsAsyncEnumerable();
        await foreach (var t in tasks.WithCancellation(ct))
        {
            (string, string)? pair = null;
            if (t.ExternalKey is { } key && key.IndexOf('\t') is var tab and > 0 && tab < key.Length - 1)
            {
                pair = (key[..tab], key[(tab + 1)..]);
            }
            if (HumanRelevance.PairOf(t.DataJson) is { } fromData)
            {
                pair ??= fromData;
                var (query, doc) = HumanRelevance.TextsOf(t.DataJson);
                if (query is { Length: > 0 } && query != fromData.QueryId) result.QueryTexts.TryAdd(fromData.QueryId, query);
                if (doc is { Length: > 0 } && doc != fromData.DocId) result.DocTexts.TryAdd(fromData.DocId, doc);
            }
            if (pair is { } p)
            {
                result.TaskByPair.TryAdd(p, t.Id);
                result.PairByTask[t.Id] = p;
            }
        }
        if (result.PairByTask.Count == 0) return result;

        var outcomes = db.TaskOutcomes.AsNoTracking()
            .Where(o => o.ProjectId == projectId && (o.State == TaskOutcomeState.Agreed || o.State == TaskOutcomeState.Resolved))
            .Select(o => new { o.TaskId, o.ConsensusResultJson }).AsAsyncEnumerable();
        await foreach (var o in outcomes.WithCancellation(ct))
        {
            if (result.PairByTask.TryGetValue(o.TaskId, out var pair) && HumanRelevance.GradeOf(o.ConsensusResultJson) is { } grade)
            {
                result.Human[pair] = (o.TaskId, grade, "consensus");
            }
        }
        // Gold answers outrank consensus; the latest row of a task wins and a retraction removes it.
        var gold = await db.GoldAnswers.AsNoTracking().Where(g => g.ProjectId == projectId).OrderBy(g => g.Id)
            .Select(g => new { g.TaskId, g.ResultJson, g.IsRetracted }).ToListAsync(ct);
        foreach (var g in gold.GroupBy(g => g.TaskId).Select(x => x.Last()))
        {
            if (!g.IsRetracted && result.PairByTask.TryGetValue(g.TaskId, out var pair) && HumanRelevance.GradeOf(g.ResultJson) is { } grade)
            {
                result.Human[pair] = (g.TaskId, grade, "gold");
            }
        }
        return result;
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

    /// <summary>Stores a seed TSV (header <c>query_id, doc_id, grade</c>); the latest seed of a project is used by ingests.</summary>
    public async Task<FeedbackSeedView> UploadSeedAsync(long projectId, Stream content, string fileName, Actor actor,
        CancellationToken ct = default)
    {
        ProjectService.RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct)) throw new NotFoundException($"Project {projectId} does not exist.");
        var settings = await GetSettingsAsync(projectId, ct);

        using var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int n;
        while ((n = await content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > MaxSeedBytes) throw new DomainValidationException($"The seed file is larger than {MaxSeedBytes >> 20} MB.");
            buffer.Write(chunk, 0, n);
        }
        var bytes = buffer.ToArray();
        IReadOnlyList<SeedLabel> rows;
        int malformed;
        try
        {
            rows = SeedReader.Read(new MemoryStream(bytes), out malformed);
        }
        catch (InvalidDataException e)
        {
            throw new DomainValidationException(e.Message);
        }
        if (rows.Count == 0) throw new DomainValidationException("The seed file has no valid rows (query_id, doc_id, grade).");
        using var normalised = new MemoryStream();
        SeedReader.Write(normalised, rows);
        var seed = new FeedbackSeed
        {
            ProjectId = projectId, FileName = Path.GetFileName(string.IsNullOrWhiteSpace(fileName) ? "seed.tsv" : fileName),
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), RowCount = rows.Count, MalformedRows = malformed,
            RelevantRows = rows.Count(r => r.Grade >= settings.RelevantMinGrade),
            ContentTsv = Encoding.UTF8.GetString(normalised.ToArray()), UploadedById = actor.UserId,
            UploadedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.FeedbackSeeds.Add(seed);
        await db.SaveChangesAsync(ct);
        return ToView(seed);
    }

    // ---------------------------------------------------------------- settings

    public async Task<FeedbackSettings> GetSettingsAsync(long projectId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.FeedbackSettings.AsNoTracking().FirstOrDefaultAsync(s => s.ProjectId == projectId, ct)
               ?? new FeedbackSettings { ProjectId = projectId };
    }

    public async Task<FeedbackSettingsView> UpdateSettingsAsync(long projectId, FeedbackSettingsView update, Actor actor,
        CancellationToken ct = default)
    {
        ProjectService.RequireAdmin(actor);
        var errors = new List<string>();
        if (!(update.TargetPrecision > 0.5 && update.TargetPrecision < 1)) errors.Add("The target precision must be above 0.5 and below 1.");
        if (update.RelevantMinGrade is < 1 or > 4) errors.Add("The relevant grade must be 1 to 4.");
        if (update.MaxNewTasks is < 0 or > 1_000_000) errors.Add("New tasks per ingest must be 0 to 1,000,000.");
        if (errors.Count > 0) throw new DomainValidationException(errors);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct)) throw new NotFoundException($"Project {projectId} does not exist.");
        var row = await db.FeedbackSettings.FirstOrDefaultAsync(s => s.ProjectId == projectId, ct);
        if (row is null)
        {
            row = new FeedbackSettings { ProjectId = projectId };
            db.FeedbackSettings.Add(row);
        }
        row.TargetPrecision = update.TargetPrecision;
        row.RelevantMinGrade = update.RelevantMinGrade;
        row.MaxNewTasks = update.MaxNewTasks;
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return new FeedbackSettingsView(row.TargetPrecision, row.RelevantMinGrade, row.MaxNewTasks);
    }

    // ---------------------------------------------------------------- reading

    /// <summary>The latest label per (query, doc) of a project.</summary>
    private static IQueryable<FeedbackLabel> Current(AppDbContext db, long projectId) =>
        db.FeedbackLabels.Where(l => l.ProjectId == projectId && !db.FeedbackLabels.Any(o =>
            o.ProjectId == projectId && o.QueryId == l.QueryId && o.DocId == l.DocId && o.Id > l.Id));

    public async Task<FeedbackOverview> GetOverviewAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        ProjectService.RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct)
                      ?? throw new NotFoundException($"Project {projectId} does not exist.");
        var settings = await db.FeedbackSettings.AsNoTracking().FirstOrDefaultAsync(s => s.ProjectId == projectId, ct)
                       ?? new FeedbackSettings { ProjectId = projectId };
        var seed = await db.FeedbackSeeds.AsNoTracking().Where(s => s.ProjectId == projectId).OrderByDescending(s => s.Id)
            .Select(s => new FeedbackSeedView(s.Id, s.FileName, s.Sha256, s.RowCount, s.RelevantRows, s.MalformedRows, s.UploadedAt))
            .FirstOrDefaultAsync(ct);
        var ingests = await db.FeedbackIngests.AsNoTracking().Where(i => i.ProjectId == projectId)
            .OrderByDescending(i => i.Id).Take(20).ToListAsync(ct);
        var latest = ingests.FirstOrDefault(i => i.State == FeedbackIngestState.Succeeded)
                     ?? await db.FeedbackIngests.AsNoTracking()
                         .Where(i => i.ProjectId == projectId && i.State == FeedbackIngestState.Succeeded)
                         .OrderByDescending(i => i.Id).FirstOrDefaultAsync(ct);
        var history = ingests.Select(i =>
        {
            var o = FeedbackJson.Read<FeedbackOutcome>(i.OutcomeJson);
            return new FeedbackIngestBrief(i.Id, i.FileName, i.State, i.StartedAt, i.FinishedAt, i.SizeBytes, o.Pairs,
                o.Relevant, o.NotRelevant, o.Abstained, o.TasksCreated, i.Failure);
        }).ToList();

        var groups = await Current(db, projectId).GroupBy(l => new { l.Decision, l.ReasonCode })
            .Select(g => new { g.Key.Decision, g.Key.ReasonCode, Count = g.Count() }).ToListAsync(ct);
        var counts = new FeedbackLabelCounts(groups.Sum(g => g.Count),
            groups.Where(g => g.Decision == 1).Sum(g => g.Count),
            groups.Where(g => g.Decision == 0).Sum(g => g.Count),
            groups.Where(g => g.Decision < 0).Sum(g => g.Count),
            groups.Where(g => g.Decision < 0 && g.ReasonCode is not null)
                .GroupBy(g => g.ReasonCode!).ToDictionary(g => g.Key, g => g.Sum(x => x.Count)));

        var pairs = await LoadProjectPairsAsync(db, projectId, ct);
        var reliability = await ReliabilityAsync(db, projectId, pairs, settings.RelevantMinGrade, ct);
        return new FeedbackOverview(project.Id, project.Name, project.Overlap,
            new FeedbackSettingsView(settings.TargetPrecision, settings.RelevantMinGrade, settings.MaxNewTasks),
            seed, latest is null ? null : ToView(latest), history, counts, reliability, TaskFit(project));
    }

    /// <summary>
    /// Click feedback measured as one more rater against human judgements (gold, else consensus) on the pairs that have
    /// both. Cohen's kappa is computed on the 2 x 2 table of relevant / not relevant.
    /// </summary>
    private static async Task<FeedbackReliability> ReliabilityAsync(AppDbContext db, long projectId, ProjectPairs pairs,
        int minGrade, CancellationToken ct)
    {
        int tp = 0, fp = 0, tn = 0, fn = 0, abstained = 0;
        if (pairs.Human.Count > 0)
        {
            var current = Current(db, projectId).Select(l => new { l.QueryId, l.DocId, l.Decision }).AsAsyncEnumerable();
            await foreach (var l in current.WithCancellation(ct))
            {
                if (!pairs.Human.TryGetValue((l.QueryId, l.DocId), out var human)) continue;
                var relevant = human.Grade >= minGrade;
                switch (l.Decision, relevant)
                {
                    case (< 0, _): abstained++; break;
                    case (1, true): tp++; break;
                    case (1, false): fp++; break;
                    case (0, false): tn++; break;
                    default: fn++; break;
                }
            }
        }
        var n = tp + fp + tn + fn;
        double? kappa = null;
        if (n > 0)
        {
            // Rows: click feedback (not, relevant); columns: humans (not, relevant).
            var k = CohenKappa.FromTable([tn, fn, fp, tp], 2);
            kappa = double.IsFinite(k) ? k : null;
        }
        return new FeedbackReliability(pairs.Human.Count, n, abstained, tp, fp, tn, fn,
            n == 0 ? null : (double)(tp + tn) / n,
            tp + fp == 0 ? null : (double)tp / (tp + fp),
            tp + fn == 0 ? null : (double)tp / (tp + fn),
            kappa);
    }

    /// <summary>Current labels (latest per pair), optionally of one decision or abstention reason, best score first.</summary>
    public async Task<FeedbackLabelPage> GetLabelsAsync(long projectId, int? decision, string? reason, int page, int pageSize,
        Actor actor, CancellationToken ct = default)
    {
        ProjectService.RequireAdmin(actor);
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 500);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct)) throw new NotFoundException($"Project {projectId} does not exist.");
        var query = Current(db, projectId);
        if (decision is { } dec) query = query.Where(l => l.Decision == dec);
        if (!string.IsNullOrWhiteSpace(reason)) query = query.Where(l => l.ReasonCode == reason);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(l => l.Score).ThenBy(l => l.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).AsNoTracking().ToListAsync(ct);
        return new FeedbackLabelPage(total, page, pageSize, rows.Select(ToView).ToList());
    }

    public async Task<FeedbackIngestView> GetIngestAsync(long ingestId, Actor actor, CancellationToken ct = default)
    {
        ProjectService.RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ingest = await db.FeedbackIngests.AsNoTracking().FirstOrDefaultAsync(i => i.Id == ingestId, ct)
                     ?? throw new NotFoundException($"Ingest {ingestId} does not exist.");
        return ToView(ingest);
    }

    /// <summary>Whether abstained pairs can become tasks: the configuration may read only the data keys a click log provides.</summary>
    public FeedbackTaskFit TaskFit(Project project)
    {
        IReadOnlyList<string> fields;
        try
        {
            fields = configs.Get(project.Id, project.LabelConfigVersion, project.LabelConfigXml).RequiredDataFields
                .Select(DataFieldPath.RootKey).Distinct(StringComparer.Ordinal).ToList();
        }
        catch (DomainValidationException)
        {
            return new FeedbackTaskFit(false, [], "the labeling configuration does not parse.");
        }
        var missing = fields.Where(f => !TaskDataKeys.Contains(f)).ToList();
        if (missing.Count > 0)
        {
            return new FeedbackTaskFit(false, fields,
                $"the labeling configuration reads {string.Join(", ", missing.Select(f => "$" + f))}, which a click log cannot provide " +
                "(tasks carry $query_id, $doc_id, $query, $doc and $reason).");
        }
        return new FeedbackTaskFit(true, fields,
            "Abstained pairs become tasks with the data keys query_id, doc_id, query, doc and reason.");
    }

    // ---------------------------------------------------------------- mapping

    public static FeedbackIngestView ToView(FeedbackIngest i) => new(i.Id, i.ProjectId, i.FileName, i.Sha256, i.SizeBytes, i.Format,
        i.ImportedById, i.StartedAt, i.FinishedAt, i.State, FeedbackJson.Read<FeedbackCounters>(i.CountersJson),
        FeedbackJson.Read<List<ThetaPoint>>(i.ThetaJson), FeedbackJson.Read<FeedbackCalibration>(i.CalibrationJson),
        FeedbackJson.Read<FeedbackOutcome>(i.OutcomeJson), FeedbackJson.Read<Dictionary<string, double>>(i.TimingsJson), i.Failure);

    private static FeedbackSeedView ToView(FeedbackSeed s) =>
        new(s.Id, s.FileName, s.Sha256, s.RowCount, s.RelevantRows, s.MalformedRows, s.UploadedAt);

    private static FeedbackLabelView ToView(FeedbackLabel l)
    {
        using var calibration = JsonDocument.Parse(string.IsNullOrWhiteSpace(l.CalibrationJson) ? "{}" : l.CalibrationJson);
        return new FeedbackLabelView(l.Id, l.IngestId, l.QueryId, l.DocId, l.TaskId, l.Model, l.Score, l.PRelevant, l.Decision,
            l.ReasonCode, FeedbackJson.Read<FeedbackEvidence>(l.EvidenceJson), calibration.RootElement.Clone(), l.CreatedAt);
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

    /// <summary>Counts bytes read and reports them (about every 4 MB); honours cancellation between reads.</summary>
    private sealed class ProgressReadStream(Stream inner, Action<long> report, CancellationToken ct) : Stream
    {
        private const long Every = 4L << 20;
        private long _read;
        private long _next = Every;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            ct.ThrowIfCancellationRequested();
            var n = inner.Read(buffer);
            _read += n;
            if (_read >= _next || n == 0)
            {
                _next = _read + Every;
                report(_read);
            }
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
