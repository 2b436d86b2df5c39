using System.Buffers;
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
/// Builds a version (the <c>dataset</c> job): runs the project's pending quality recompute, records the watermarks, freezes the project's tasks in one streaming pass
/// (<see cref="DatasetFreezer"/>: final labels derived with <see cref="FinalLabels"/>, filters applied, items written a
/// chunk at a time, invisible while the version is Building, and the first format that can written in the same pass),
/// assigns the split, computes statistics and lineage, writes the other requested files and publishes the version in
/// one short transaction. A failure, a cancel or a crash leaves a Failed version
/// and no items or files (see <see cref="AbandonAsync"/>).
/// </summary>
public sealed class DatasetBuilder(IDbContextFactory<AppDbContext> dbFactory, LabelingConfigCache configs, WriteLock writeLock,
    DatasetFileWriter files, DatasetClickLabelFile clickLabels, DatasetStorage storage, TimeProvider clock,
    Quality.QualityRecomputeRunner recomputes)
{
    public const string JobKind = "dataset";

    private readonly DatasetFreezer _freezer = new(dbFactory);

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

        // A submit, a resolution or gold scores its own task at once but leaves the re-score of the project under the
        // model fitted from every answer to a debounced recompute. The version holds the labels that follow from what
        // was committed before it was asked for, not whatever the recompute had reached when the build started.
        var timings = new BuildTimings();
        var recompute = System.Diagnostics.Stopwatch.GetTimestamp();
        await recomputes.BringUpToDateAsync(project.Id, ct);
        timings.Add("recompute", recompute);
        var prepare = System.Diagnostics.Stopwatch.GetTimestamp();
        version.TaskWatermark = await db.Tasks.IgnoreQueryFilters().Where(t => t.ProjectId == project.Id).MaxAsync(t => (long?)t.Id, ct) ?? 0;
        version.AnnotationWatermark = await db.Annotations.Where(a => a.ProjectId == project.Id).MaxAsync(a => (long?)a.Id, ct) ?? 0;
        version.GoldWatermark = await db.GoldAnswers.MaxAsync(g => (long?)g.Id, ct) ?? 0;
        version.ResolutionWatermark = await db.Resolutions.MaxAsync(r => (long?)r.Id, ct) ?? 0;
        version.PredictionWatermark = await db.Predictions.MaxAsync(p => (long?)p.Id, ct) ?? 0;
        version.ModelVersion = await db.QualitySnapshots.Where(s => s.ProjectId == project.Id).MaxAsync(s => (long?)s.Id, ct);
        await RecordRunAsync(db, version, ct);
        var snapshot = await DatasetClickInputs.CurrentSnapshotAsync(db, version, ct);
        var clicks = await DatasetClickInputs.ForAsync(db, project, config, snapshot, ct);
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
            clickGeneration = snapshot?.Generation,
            clickRelevantMinGrade = snapshot?.RelevantMinGrade,
            clickSeed = snapshot?.SeedId,
        }, JobOutcome.Json);

        var filter = JsonSerializer.Deserialize<DatasetFilter>(version.FilterJson, JobOutcome.Json) ?? new DatasetFilter();
        var split = version.SplitJson is null ? null : JsonSerializer.Deserialize<DatasetSplit>(version.SplitJson, JobOutcome.Json);
        var total = await TaskQuery(db, version, filter, 0).CountAsync(ct);
        var build = new BuildState(config, version.Scope == DatasetScope.All, split is not null);
        timings.Add("prepare", prepare);
        var formats = parameters.Formats.Distinct(StringComparer.Ordinal).Select(name => DatasetFormats.Find(name)!).ToList();
        var written = new List<DatasetFile>();
        var pass = System.Diagnostics.Stopwatch.GetTimestamp();
        using var items = new DatasetItemsFile.Writer(storage.PartPath(version.Id, DatasetItemsFile.PartName, run.JobId),
            DatasetItemsFile.PathOf(storage, version.Id));
        var rows = _freezer.FreezeAsync(version, filter, build, items, run, total, timings, clicks, ct);
        // Without a split every row is final as it is frozen: the first format that can is written in the same pass.
        var inline = split is null ? formats.FirstOrDefault(f => f.StreamsWhileBuilding(version.Scope)) : null;
        if (inline is not null)
        {
            var context = new DatasetFormatContext(version.Id, version.Number, version.Scope, version.ConfigVersion, config, []);
            written.Add(await files.WriteAsync(version, inline, context, run.JobId, rows, ct));
            formats.Remove(inline);
        }
        else
        {
            await foreach (var _ in rows.WithCancellation(ct)) { }
        }
        items.Complete();
        timings.Add("pass", pass);

        var finish = System.Diagnostics.Stopwatch.GetTimestamp();
        var splits = split is null ? new Dictionary<string, int>() : AssignSplit(version.Id, run.JobId, split, build);
        version.TaskCount = build.Stats.Tasks;
        version.RowCount = build.Stats.Rows;
        version.StatsJson = JsonSerializer.Serialize(build.Stats.Build(splits), JobOutcome.Json);
        version.DataFieldsJson = JsonSerializer.Serialize(build.DataFields.Order(StringComparer.Ordinal).ToList());
        version.DataStatisticsJson = StatisticsJson.Serialize(build.Data);
        version.LineageJson = JsonSerializer.Serialize(await DatasetLineageReader.ReadAsync(db, project.Id, build, snapshot?.Generation, ct), JobOutcome.Json);
        version.ContentSha256 = build.ContentHash(version.FilterJson, version.SplitJson);

        timings.Add("finish", finish);
        var files0 = System.Diagnostics.Stopwatch.GetTimestamp();
        foreach (var format in formats)
        {
            written.Add(await files.WriteAsync(db, version, format, run, version.TaskCount, ct));
        }
        if (snapshot is not null) written.Add(await clickLabels.WriteAsync(version, snapshot, run.JobId, ct));
        timings.Add("files", started: files0);
        ct.ThrowIfCancellationRequested();
        version.State = DatasetState.Ready;
        version.FinishedAt = clock.GetUtcNow().UtcDateTime;
        var publish = System.Diagnostics.Stopwatch.GetTimestamp();
        using (await writeLock.EnterBulkAsync(WriteHolder.Dataset, ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.DatasetVersions.Update(version);
            db.DatasetFiles.AddRange(written);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        timings.Add("publish", publish);
        return JobOutcome.Succeeded($"Version {version.Number}: {version.TaskCount:N0} tasks, {version.RowCount:N0} rows.",
            new { versionId = version.Id, version.Number, version.TaskCount, version.RowCount, files = written.Select(f => f.Format), timingsMs = timings.Milliseconds });
    }

    /// <summary>
    /// Takes the outcome watermark and the run (older outcomes get their first revision first), so that the labels are the
    /// outcome history as of it and a later rebuild reads the same.
    /// </summary>
    private async Task RecordRunAsync(AppDbContext db, DatasetVersion version, CancellationToken ct)
    {
        await Quality.OutcomeHistory.BackfillAsync(db, version.ProjectId, clock.GetUtcNow().UtcDateTime, writeLock, WriteHolder.Dataset, ct);
        using (await writeLock.EnterBulkAsync(WriteHolder.Dataset, ct))
        {
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

    /// <summary>Assigns the split per stratum and writes it to the version's split sidecar: no row of the items changes.</summary>
    private Dictionary<string, int> AssignSplit(long versionId, long jobId, DatasetSplit split, BuildState build)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var assigned = new List<(long TaskId, string Split)>();
        foreach (var stratum in build.Strata(split.Seed))
        {
            foreach (var (member, name) in DatasetSplitter.Assign(split, stratum))
            {
                counts[name] = counts.GetValueOrDefault(name) + 1;
                assigned.Add((member, name));
            }
        }
        DatasetItemsFile.WriteSplits(storage.PartPath(versionId, DatasetItemsFile.SplitsPartName, jobId),
            storage.FilePath(versionId, DatasetItemsFile.SplitsFileName), assigned);
        return counts;
    }

    internal sealed record ChunkAnnotation(long TaskId, string? UserId, AnnotationSource Source, bool WasSkipped, int ConfigVersion);

    /// <summary>What the build accumulates while the chunks stream past.</summary>
    internal sealed class BuildState(Core.LabelingConfig.LabelingConfiguration config, bool allScope, bool keepMembers)
    {
        public Core.LabelingConfig.LabelingConfiguration Config => config;

        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly List<(long Member, string LabelKey, string? ExternalKey, long TaskId)> _members = [];
        private readonly Dictionary<LabelStudio.Quality.TaskOutcomeState, string> _stateNames = [];
        private readonly ArrayBufferWriter<byte> _lines = new(1 << 16);
        private readonly List<(string Control, string Label)> _pairs = [];
        private readonly System.Runtime.CompilerServices.ConditionalWeakTable<ResultItem, (string, string)[]> _pairsOf = new();

        public DatasetStatsBuilder Stats { get; } = new(config);
        public DataStatistics Data { get; } = new();
        public HashSet<string> DataFields { get; } = new(StringComparer.Ordinal);
        public Dictionary<long, int> Batches { get; } = [];
        public Dictionary<string, int> Raters { get; } = new(StringComparer.Ordinal);
        public HashSet<int> ConfigVersions { get; } = [];
        public SortedSet<long> Resolutions { get; } = [];

        public void Add(DatasetInputReader.DatasetTask task, FrozenItem item, TaskFinalLabel final, List<ChunkAnnotation> answered)
        {
            Stats.Add(final);
            Stats.Rows += allScope ? answered.Count : 1;
            if (task.ImportBatchId is { } batch) Batches[batch] = Batches.GetValueOrDefault(batch) + 1;
            foreach (var a in answered)
            {
                ConfigVersions.Add(a.ConfigVersion);
                if (a.Source == AnnotationSource.Rater && a.UserId is not null) Raters[a.UserId] = Raters.GetValueOrDefault(a.UserId) + 1;
            }
            for (var c = 0; c < final.Controls.Count; c++)
            {
                var control = final.Controls[c];
                if (control.ResolutionId is { } r) Resolutions.Add(r);
            }
            AddData(task.DataJson);
            if (final.HasLabel) AddLabels(final);
            HashLine(task.Id, item);
            if (keepMembers) _members.Add((task.Id, item.LabelKey, task.ExternalKey, task.Id));
        }

        public IEnumerable<IReadOnlyList<(long Member, ulong Rank, long TaskId)>> Strata(int seed) =>
            _members.GroupBy(m => m.LabelKey, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (IReadOnlyList<(long, ulong, long)>)[.. g.Select(m => (m.Member, DatasetSplitter.Rank(seed, m.ExternalKey, m.TaskId), m.TaskId))]);

        public string ContentHash(string filterJson, string? splitJson)
        {
            _hash.AppendData(_lines.WrittenSpan);
            _lines.ResetWrittenCount();
            _hash.AppendData(Encoding.UTF8.GetBytes($"filter {filterJson}\nsplit {splitJson}\n"));
            return Convert.ToHexStringLower(_hash.GetHashAndReset());
        }

        /// <summary>
        /// The final label's (control, label) pairs into the data statistics, as <see cref="DataStatistics.AddAnnotation(IEnumerable{ResultItem?}, string?)"/>
        /// counts them: the pairs of a region are taken once and kept while it lives, since consensus answers are shared
        /// between the tasks that agreed on them.
        /// </summary>
        private void AddLabels(TaskFinalLabel final)
        {
            _pairs.Clear();
            for (var c = 0; c < final.Controls.Count; c++)
            {
                var control = final.Controls[c];
                for (var i = 0; i < control.Result.Count; i++)
                {
                    if (control.Result[i] is not { } region) continue;
                    var pairs = _pairsOf.GetValue(region, r => [.. DataStatistics.LabelsOf([r])]);
                    for (var p = 0; p < pairs.Length; p++) _pairs.Add(pairs[p]);
                }
            }
            Data.AddAnnotationLabels(_pairs, null);
        }

        /// <summary>The data's fields and statistics from one parse of it.</summary>
        private void AddData(string dataJson)
        {
            var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(dataJson.Length));
            try
            {
                var length = Encoding.UTF8.GetBytes(dataJson, bytes);
                JsonDocument? doc;
                try
                {
                    doc = JsonDocument.Parse(bytes.AsMemory(0, length));
                }
                catch (JsonException)
                {
                    doc = null;
                }
                using (doc)
                {
                    if (doc?.RootElement is { ValueKind: JsonValueKind.Object } root)
                    {
                        foreach (var property in root.EnumerateObject()) DataFields.Add(property.Name);
                    }
                    Data.AddTask(doc?.RootElement);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }
        }

        /// <summary>
        /// Adds <c>"{task}\t{state}\t{labels}\n"</c> to the content hash: the lines gather in a buffer that goes to the
        /// hash 64 KB at a time (the same digest, without a call into the hash per task).
        /// </summary>
        private void HashLine(long taskId, FrozenItem item)
        {
            var state = _stateNames.TryGetValue(item.State, out var name) ? name : _stateNames[item.State] = item.State.ToString();
            var most = Encoding.UTF8.GetMaxByteCount(state.Length) + item.LabelsJson.Length + 24;
            if (_lines.FreeCapacity < most)
            {
                _hash.AppendData(_lines.WrittenSpan);
                _lines.ResetWrittenCount();
            }
            var span = _lines.GetSpan(most);
            taskId.TryFormat(span, out var at, default, System.Globalization.CultureInfo.InvariantCulture);
            span[at++] = (byte)'\t';
            at += Encoding.UTF8.GetBytes(state, span[at..]);
            span[at++] = (byte)'\t';
            item.LabelsJson.CopyTo(span[at..]);
            at += item.LabelsJson.Length;
            span[at++] = (byte)'\n';
            _lines.Advance(at);
        }
    }
}
