using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LabelStudio.Core.DataValidation;
using LabelStudio.Core.Results;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Datasets.Formats;
using LabelStudio.Data.Jobs;
using LabelStudio.Data.Labeling;
using LabelStudio.Data.Projects;
using LabelStudio.Data.Review;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// Builds a version (the <c>dataset</c> job): records the watermarks, streams the project's tasks in key order a chunk
/// at a time, derives each final label with <see cref="FinalLabels"/>, applies the filters, writes the frozen items
/// (invisible while the version is Building), assigns the split, computes statistics and lineage, writes the requested
/// files and publishes the version in one short transaction. A failure, a cancel or a crash leaves a Failed version
/// and no items or files (see <see cref="AbandonAsync"/>).
/// </summary>
public sealed class DatasetBuilder(IDbContextFactory<AppDbContext> dbFactory, LabelingConfigCache configs, WriteLock writeLock,
    DatasetFileWriter files, DatasetStorage storage, TimeProvider clock, Microsoft.Extensions.Options.IOptions<JobOptions> jobOptions)
{
    public const string JobKind = "dataset";
    private const int Chunk = 2000;

    public async Task<JobOutcome> RunAsync(JobRun run, CancellationToken ct)
    {
        var parameters = run.Parameters<DatasetJobParameters>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var version = await db.DatasetVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == parameters.VersionId, ct);
        if (version is null) return JobOutcome.Failed($"Dataset version {parameters.VersionId} does not exist.");
        // The version names its job at once, so that a crash from here on is cleaned up (see AbandonAsync).
        await db.DatasetVersions.Where(v => v.Id == version.Id).ExecuteUpdateAsync(s => s.SetProperty(v => v.JobId, run.JobId), ct);
        version.JobId = run.JobId;
        var project = await db.Projects.AsNoTracking().FirstAsync(p => p.Id == version.ProjectId, ct);
        var xml = await db.LabelConfigVersions.AsNoTracking().Where(c => c.ProjectId == project.Id && c.Version == version.ConfigVersion)
            .Select(c => c.Xml).FirstOrDefaultAsync(ct) ?? project.LabelConfigXml;
        var config = configs.Get(project.Id, version.ConfigVersion, xml);

        version.TaskWatermark = await db.Tasks.IgnoreQueryFilters().Where(t => t.ProjectId == project.Id).MaxAsync(t => (long?)t.Id, ct) ?? 0;
        version.AnnotationWatermark = await db.Annotations.Where(a => a.ProjectId == project.Id).MaxAsync(a => (long?)a.Id, ct) ?? 0;
        version.GoldWatermark = await db.GoldAnswers.MaxAsync(g => (long?)g.Id, ct) ?? 0;
        version.ResolutionWatermark = await db.Resolutions.MaxAsync(r => (long?)r.Id, ct) ?? 0;
        version.PredictionWatermark = await db.Predictions.MaxAsync(p => (long?)p.Id, ct) ?? 0;
        version.ModelVersion = await db.QualitySnapshots.Where(s => s.ProjectId == project.Id).MaxAsync(s => (long?)s.Id, ct);
        await RecordRunAsync(db, version, ct);
        version.ConsensusJson = JsonSerializer.Serialize(new
        {
            consensusRun = version.ConsensusRunId,
            outcomeWatermark = version.OutcomeWatermark,
            conflictSettings = project.GetConflictSettings(),
            dynamicOverlap = project.AutoExtraRatings,
            modelVersion = version.ModelVersion,
            annotationWatermark = version.AnnotationWatermark,
            goldWatermark = version.GoldWatermark,
            resolutionWatermark = version.ResolutionWatermark,
        }, JobOutcome.Json);

        var filter = JsonSerializer.Deserialize<DatasetFilter>(version.FilterJson, JobOutcome.Json) ?? new DatasetFilter();
        var split = version.SplitJson is null ? null : JsonSerializer.Deserialize<DatasetSplit>(version.SplitJson, JobOutcome.Json);
        var total = await TaskQuery(db, version, filter, 0).CountAsync(ct);
        var build = new BuildState(config, version.Scope == DatasetScope.All, split is not null);
        var controls = FinalLabelService.ControlNames(config);
        long last = 0;
        var done = 0L;
        var timings = new Dictionary<string, long>(StringComparer.Ordinal) { ["read"] = 0, ["derive"] = 0, ["insert"] = 0, ["files"] = 0 };
        var stage = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            stage.Restart();
            var tasks = await TaskQuery(db, version, filter, last).OrderBy(t => t.Id).Take(Chunk)
                .Select(t => new ChunkTask(t.Id, t.ExternalKey, t.DataJson, t.ImportBatchId)).ToListAsync(ct);
            if (tasks.Count == 0) break;
            last = tasks[^1].Id;
            timings["read"] += stage.ElapsedMilliseconds;
            stage.Restart();
            var items = await DeriveChunkAsync(db, version, filter, controls, tasks, build, ct);
            timings["derive"] += stage.ElapsedMilliseconds;
            stage.Restart();
            if (items.Count > 0)
            {
                // However many items a chunk of tasks gave, the writer is held a bounded time at once.
                for (var from = 0; from < items.Count;)
                {
                    using var writing = await writeLock.EnterBulkAsync(WriteHolder.Dataset, ct);
                    from += await DatasetItemWriter.InsertAsync(db, items, from,
                        jobOptions.Value.HoldDeadline(System.Diagnostics.Stopwatch.GetTimestamp()), ct);
                }
                if (split is not null) build.Remember(items);
            }
            timings["insert"] += stage.ElapsedMilliseconds;
            done += tasks.Count;
            await run.ReportAsync("freezing final labels", done, total);
        }

        var splits = split is null ? new Dictionary<string, int>() : await AssignSplitAsync(db, version.Id, split, build, ct);
        version.TaskCount = build.Stats.Tasks;
        version.RowCount = build.Stats.Rows;
        version.StatsJson = JsonSerializer.Serialize(build.Stats.Build(splits), JobOutcome.Json);
        version.DataFieldsJson = JsonSerializer.Serialize(build.DataFields.Order(StringComparer.Ordinal).ToList());
        version.DataStatisticsJson = StatisticsJson.Serialize(build.Data);
        version.LineageJson = JsonSerializer.Serialize(await DatasetLineageReader.ReadAsync(db, project.Id, build, ct), JobOutcome.Json);
        version.ContentSha256 = build.ContentHash(version.FilterJson, version.SplitJson);

        stage.Restart();
        var written = new List<DatasetFile>();
        foreach (var name in parameters.Formats.Distinct(StringComparer.Ordinal))
        {
            var format = DatasetFormats.Find(name)!;
            written.Add(await files.WriteAsync(db, version, format, run, version.TaskCount, ct));
        }

        timings["files"] = stage.ElapsedMilliseconds;
        ct.ThrowIfCancellationRequested();
        version.State = DatasetState.Ready;
        version.FinishedAt = clock.GetUtcNow().UtcDateTime;
        using (await writeLock.EnterBulkAsync(WriteHolder.Dataset, ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.DatasetVersions.Update(version);
            db.DatasetFiles.AddRange(written);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        return JobOutcome.Succeeded($"Version {version.Number}: {version.TaskCount:N0} tasks, {version.RowCount:N0} rows.",
            new { versionId = version.Id, version.Number, version.TaskCount, version.RowCount, files = written.Select(f => f.Format), timingsMs = timings });
    }

    /// <summary>
    /// Takes the outcome watermark and the run (older outcomes get their first revision first), so that the labels are the
    /// outcome history as of it and a later rebuild reads the same.
    /// </summary>
    private async Task RecordRunAsync(AppDbContext db, DatasetVersion version, CancellationToken ct)
    {
        using (await writeLock.EnterBulkAsync(Common.WriteHolder.Dataset, ct))
        {
            await Quality.OutcomeHistory.BackfillAsync(db, version.ProjectId, clock.GetUtcNow().UtcDateTime, ct);
            version.OutcomeWatermark = await Quality.OutcomeHistory.WatermarkAsync(db, ct);
        }
        version.ConsensusRunId = await Quality.OutcomeHistory.LatestRunIdAsync(db, version.ProjectId, ct);
    }

    /// <summary>Marks the job's version Failed and deletes its items and half-written files.</summary>
    public async Task AbandonAsync(AppDbContext db, long jobId, string reason, CancellationToken ct)
    {
        storage.DeleteParts(jobId);
        var ids = await db.DatasetVersions.Where(v => v.JobId == jobId && v.State == DatasetState.Building).Select(v => v.Id).ToListAsync(ct);
        foreach (var id in ids)
        {
            using (await writeLock.EnterBulkAsync(WriteHolder.Dataset, ct))
            {
                await db.DatasetItems.Where(i => i.DatasetVersionId == id).ExecuteDeleteAsync(ct);
                await db.DatasetFiles.Where(f => f.DatasetVersionId == id).ExecuteDeleteAsync(ct);
                await db.DatasetVersions.Where(v => v.Id == id).ExecuteUpdateAsync(s => s
                    .SetProperty(v => v.State, DatasetState.Failed)
                    .SetProperty(v => v.Failure, reason.Length > 2000 ? reason[..2000] : reason), ct);
            }
            storage.DeleteVersion(id);
        }
    }

    internal static IQueryable<LabelTask> TaskQuery(AppDbContext db, DatasetVersion version, DatasetFilter filter, long after)
    {
        var query = db.Tasks.AsNoTracking().Where(t => t.ProjectId == version.ProjectId && t.Id > after && t.Id <= version.TaskWatermark);
        if (filter.BatchIds is { Count: > 0 } batches) query = query.Where(t => t.ImportBatchId != null && batches.Contains(t.ImportBatchId.Value));
        if (filter.From is { } from) query = query.Where(t => t.CreatedAt >= from);
        if (filter.To is { } to) query = query.Where(t => t.CreatedAt < to);
        return query;
    }

    internal static async Task<List<DatasetItem>> DeriveChunkAsync(AppDbContext db, DatasetVersion version, DatasetFilter filter,
        IReadOnlyList<string> controls, List<ChunkTask> tasks, BuildState build, CancellationToken ct)
    {
        var ids = tasks.Select(t => t.Id).ToArray();
        var inputs = (await FinalLabelInputsAsOf.LoadAsync(db, controls, ids, DatasetWatermarks.Of(version), ct)).ToDictionary(i => i.TaskId);
        // Every revision in one plain query; the current one per rater is picked here (cheaper than the correlated query).
        var annotations = (await db.Annotations.AsNoTracking().Where(a => ids.Contains(a.TaskId) && a.Id <= version.AnnotationWatermark)
                .Select(a => new { a.Id, a.TaskId, a.UserId, a.Source, a.WasSkipped, a.ConfigVersion, a.Revision }).ToListAsync(ct))
            .GroupBy(a => (a.TaskId, Key: a.Source == AnnotationSource.Rater ? a.UserId : "#" + a.Id))
            .Select(g => g.MaxBy(a => a.Revision)!)
            .Select(a => new ChunkAnnotation(a.TaskId, a.UserId, a.Source, a.WasSkipped, a.ConfigVersion))
            .ToLookup(a => a.TaskId);
        var items = new List<DatasetItem>(tasks.Count);
        foreach (var task in tasks)
        {
            var final = FinalLabels.Derive(inputs[task.Id]);
            var answered = annotations[task.Id].Where(a => !a.WasSkipped).ToList();
            if (!Matches(version.Scope, filter, final, answered)) continue;
            var frozen = final.Controls.Select(Freeze).ToList();
            var item = new DatasetItem
            {
                DatasetVersionId = version.Id, TaskId = task.Id, State = final.State, Origin = final.Origin,
                LabelsJson = JsonSerializer.Serialize(frozen, DatasetRowReader.LabelJson),
                LabelKey = Truncate(string.Join("; ", final.Controls.Where(c => c.Result.Count > 0)
                    .Select(c => $"{c.Control}={LabelValues.Short(c.Result)}")), 400),
            };
            items.Add(item);
            build.Add(task, item, final, answered);
        }
        return items;
    }

    private static bool Matches(DatasetScope scope, DatasetFilter filter, TaskFinalLabel final, List<ChunkAnnotation> answered)
    {
        if (scope == DatasetScope.Final && !filter.IncludeUnlabeled && !final.HasLabel) return false;
        if (scope == DatasetScope.All && answered.Count == 0) return false;
        if (filter.States is { Count: > 0 } states && !states.Contains(final.State)) return false;
        if (filter.Origins is { Count: > 0 } origins && !final.Controls.Any(c => origins.Contains(c.Origin))) return false;
        if (filter.Labels is { Count: > 0 } labels
            && !final.Controls.Any(c => LabelValues.Names(c.Result).Any(n => labels.Contains(n, StringComparer.Ordinal)))) return false;
        if (filter.Raters is { Count: > 0 } raters && !answered.Any(a => a.UserId is not null && raters.Contains(a.UserId))) return false;
        return true;
    }

    public static FrozenLabel Freeze(FinalLabel label) => new(label.Control, DatasetNames.Origin(label.Origin), label.Method,
        label.Agreement, label.Posterior, label.Ratings, label.AnnotationIds, label.ResolutionId, label.GoldAnswerId, label.Reason, label.Result);

    private static async Task<Dictionary<string, int>> AssignSplitAsync(AppDbContext db, long versionId, DatasetSplit split, BuildState build,
        CancellationToken ct)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var stratum in build.Strata(split.Seed))
        {
            foreach (var group in DatasetSplitter.Assign(split, stratum).GroupBy(a => a.Split))
            {
                counts[group.Key] = counts.GetValueOrDefault(group.Key) + group.Count();
                foreach (var ids in group.Select(g => g.Member).Chunk(500))
                {
                    await db.DatasetItems.Where(i => i.DatasetVersionId == versionId && ids.Contains(i.TaskId))
                        .ExecuteUpdateAsync(s => s.SetProperty(i => i.Split, group.Key), ct);
                }
            }
        }
        return counts;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    internal sealed record ChunkTask(long Id, string? ExternalKey, string DataJson, long? ImportBatchId);

    internal sealed record ChunkAnnotation(long TaskId, string? UserId, AnnotationSource Source, bool WasSkipped, int ConfigVersion);

    /// <summary>What the build accumulates while the chunks stream past.</summary>
    internal sealed class BuildState(Core.LabelingConfig.LabelingConfiguration config, bool allScope, bool keepMembers)
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly List<(long Member, string LabelKey, string? ExternalKey, long TaskId)> _members = [];
        private readonly Dictionary<long, (string? ExternalKey, string LabelKey)> _pending = [];

        public DatasetStatsBuilder Stats { get; } = new(config);
        public DataStatistics Data { get; } = new();
        public HashSet<string> DataFields { get; } = new(StringComparer.Ordinal);
        public Dictionary<long, int> Batches { get; } = [];
        public Dictionary<string, int> Raters { get; } = new(StringComparer.Ordinal);
        public HashSet<int> ConfigVersions { get; } = [];
        public SortedSet<long> Resolutions { get; } = [];

        public void Add(ChunkTask task, DatasetItem item, TaskFinalLabel final, List<ChunkAnnotation> answered)
        {
            Stats.Add(final);
            Stats.Rows += allScope ? answered.Count : 1;
            if (task.ImportBatchId is { } batch) Batches[batch] = Batches.GetValueOrDefault(batch) + 1;
            foreach (var a in answered)
            {
                ConfigVersions.Add(a.ConfigVersion);
                if (a.Source == AnnotationSource.Rater && a.UserId is not null) Raters[a.UserId] = Raters.GetValueOrDefault(a.UserId) + 1;
            }
            foreach (var control in final.Controls)
            {
                if (control.ResolutionId is { } r) Resolutions.Add(r);
            }
            CollectFields(task.DataJson);
            Data.AddTask(task.DataJson);
            if (final.HasLabel) Data.AddAnnotation(ResultJson.Serialize(final.Result), null);
            _hash.AppendData(Encoding.UTF8.GetBytes($"{task.Id}\t{item.State}\t{item.LabelsJson}\n"));
            if (keepMembers) _pending[task.Id] = (task.ExternalKey, item.LabelKey);
        }

        /// <summary>Keeps the items for the split.</summary>
        public void Remember(List<DatasetItem> items)
        {
            foreach (var item in items)
            {
                var (key, label) = _pending[item.TaskId];
                _members.Add((item.TaskId, label, key, item.TaskId));
            }
            _pending.Clear();
        }

        public IEnumerable<IReadOnlyList<(long Member, ulong Rank, long TaskId)>> Strata(int seed) =>
            _members.GroupBy(m => m.LabelKey, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (IReadOnlyList<(long, ulong, long)>)[.. g.Select(m => (m.Member, DatasetSplitter.Rank(seed, m.ExternalKey, m.TaskId), m.TaskId))]);

        public string ContentHash(string filterJson, string? splitJson)
        {
            _hash.AppendData(Encoding.UTF8.GetBytes($"filter {filterJson}\nsplit {splitJson}\n"));
            return Convert.ToHexStringLower(_hash.GetHashAndReset());
        }

        private void CollectFields(string dataJson)
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(dataJson));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                DataFields.Add(reader.GetString()!);
                reader.Skip();
            }
        }
    }
}
