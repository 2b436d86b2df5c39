using System.Text.Json;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Feedback;
using LabelStudio.Data.Jobs;
using LabelStudio.Data.Projects;
using LabelStudio.Data.Review;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// Rebuilds a ready version from what it recorded (its task, annotation, gold, resolution and outcome watermarks, its
/// configuration version, filters and split) through the builder's own derivation, without writing anything, and
/// compares: the content hash first, then task by task, so that an auditor learns not only that a version can (or can
/// no longer) be reproduced but which labels moved.
/// </summary>
public sealed class DatasetReproducer(IDbContextFactory<AppDbContext> dbFactory, LabelingConfigCache configs, DatasetClickLabelFile clickLabels,
    DatasetStorage storage)
{
    private const int MaxDifferences = 50;

    public async Task<DatasetReproduction> ReproduceAsync(long versionId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var version = await DatasetService.RequireReadyAsync(db, versionId, actor, ct);
        if (version.TaskWatermark == 0 && version.TaskCount > 0)
        {
            throw new ConflictException($"Version {version.Number} was made before versions recorded their inputs; it cannot be rebuilt.");
        }
        var config = configs.Get(version.ProjectId, version.ConfigVersion, await DatasetService.ConfigXmlAsync(db, version, ct));
        var controls = FinalLabelService.ControlNames(config);
        var filter = JsonSerializer.Deserialize<DatasetFilter>(version.FilterJson, JobOutcome.Json) ?? new DatasetFilter();
        var build = new DatasetBuilder.BuildState(config, version.Scope == DatasetScope.All, keepMembers: false);
        var project = await db.Projects.AsNoTracking().FirstAsync(p => p.Id == version.ProjectId, ct);
        var snapshot = await DatasetClickInputs.SnapshotOfAsync(db, version, ct);
        var clicks = await DatasetClickInputs.ForAsync(db, project, config, snapshot, ct);
        var tally = new Tally();
        var json = new FrozenLabelJson(DatasetRowReader.LabelJson);
        // The builder's own pass (the same merged inputs as of the version's watermarks, the same derivation), merged
        // in task order with the stored items.
        await using var stored = DatasetRowReader.ItemsAsync(db, storage, version, ct).GetAsyncEnumerator(ct);
        var hasStored = await stored.MoveNextAsync();
        foreach (var input in DatasetInputReader.Read(dbFactory, version, filter, controls, clicks, ct))
        {
            while (hasStored && stored.Current.TaskId < input.Task.Id)
            {
                tally.Removed(stored.Current);
                hasStored = await stored.MoveNextAsync();
            }
            if (DatasetFreezer.Derive(json, version, filter, input) is not var (item, _, final)) continue;
            build.Add(input.Task, item, final, input.Answered);
            if (hasStored && stored.Current.TaskId == item.TaskId)
            {
                tally.Compare(stored.Current, item);
                hasStored = await stored.MoveNextAsync();
            }
            else tally.Added(item);
        }
        // Items of the version beyond the last task the rebuild reached: tasks gone since.
        for (; hasStored; hasStored = await stored.MoveNextAsync()) tally.Removed(stored.Current);
        var rebuiltHash = build.ContentHash(version.FilterJson, version.SplitJson);
        var clickFile = snapshot is null ? null : await ReproduceClickLabelsAsync(db, version, snapshot, ct);
        return new DatasetReproduction(version.Id, version.Number, version.ConsensusRunId, version.ContentSha256, rebuiltHash,
            string.Equals(rebuiltHash, version.ContentSha256, StringComparison.Ordinal) && tally.Changed + tally.AddedCount + tally.RemovedCount == 0
            && (clickFile is null || clickFile.StoredSha256 is null || clickFile.Identical), tally.Tasks, tally.Changed, tally.AddedCount, tally.RemovedCount, tally.Differences, clickFile);
    }

    private async Task<ClickLabelReproduction> ReproduceClickLabelsAsync(AppDbContext db, DatasetVersion version, ClickLabelSnapshot snapshot,
        CancellationToken ct)
    {
        var stored = await db.DatasetFiles.AsNoTracking()
            .FirstOrDefaultAsync(f => f.DatasetVersionId == version.Id && f.Format == DatasetClickLabelFile.Format, ct);
        var (sha, rows) = await clickLabels.HashAsync(version, snapshot, ct);
        // A version made before versions carried the file has none stored: the rebuild shows what it would hold.
        return new ClickLabelReproduction(snapshot.Generation, stored?.Sha256, stored?.RowCount, sha, rows,
            stored is not null && string.Equals(stored.Sha256, sha, StringComparison.Ordinal));
    }

    private sealed class Tally
    {
        public int Tasks { get; private set; }
        public int Changed { get; private set; }
        public int AddedCount { get; private set; }
        public int RemovedCount { get; private set; }
        public List<ReproductionDifference> Differences { get; } = [];

        public void Compare(StoredItem stored, FrozenItem rebuilt)
        {
            Tasks++;
            if (stored.State == rebuilt.State && stored.LabelsJson.AsSpan().SequenceEqual(rebuilt.LabelsJson)) return;
            Changed++;
            Note(rebuilt.TaskId, "changed", stored.LabelKey, rebuilt.LabelKey);
        }

        public void Added(FrozenItem rebuilt)
        {
            Tasks++;
            AddedCount++;
            Note(rebuilt.TaskId, "added", null, rebuilt.LabelKey);
        }

        public void Removed(StoredItem stored)
        {
            RemovedCount++;
            Note(stored.TaskId, "removed", stored.LabelKey, null);
        }

        private void Note(long taskId, string kind, string? stored, string? rebuilt)
        {
            if (Differences.Count < MaxDifferences) Differences.Add(new ReproductionDifference(taskId, kind, stored, rebuilt));
        }
    }
}
