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
public sealed class DatasetReproducer(IDbContextFactory<AppDbContext> dbFactory, LabelingConfigCache configs, DatasetClickLabelFile clickLabels)
{
    private const int Chunk = 2000;
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
        long last = 0;
        var from = 0L;
        var rebuilt = new List<DatasetItem>(Chunk);
        var seen = 0;
        // The builder's own pass: the same merged inputs as of the version's watermarks, the same derivation.
        foreach (var input in DatasetInputReader.Read(dbFactory, version, filter, controls, clicks, ct))
        {
            if (DatasetFreezer.Derive(json, version, filter, input, build) is var (item, _)) rebuilt.Add(item);
            last = input.Task.Id;
            if (++seen % Chunk != 0) continue;
            tally.Compare(await StoredAsync(db, version.Id, from, last, ct), rebuilt);
            rebuilt.Clear();
            from = last;
        }
        tally.Compare(await StoredAsync(db, version.Id, from, last, ct), rebuilt);
        // Items of the version beyond the last task the rebuild reached: tasks gone since.
        tally.Compare(await StoredAsync(db, version.Id, last, long.MaxValue, ct), []);
        var rebuiltHash = build.ContentHash(version.FilterJson, version.SplitJson);
        var clickFile = snapshot is null ? null : await ReproduceClickLabelsAsync(db, version, snapshot, ct);
        return new DatasetReproduction(version.Id, version.Number, version.ConsensusRunId, version.ContentSha256, rebuiltHash,
            string.Equals(rebuiltHash, version.ContentSha256, StringComparison.Ordinal) && tally.Changed + tally.Added + tally.Removed == 0
            && (clickFile is null || clickFile.StoredSha256 is null || clickFile.Identical), tally.Tasks, tally.Changed, tally.Added, tally.Removed, tally.Differences, clickFile);
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

    private static Task<List<DatasetItem>> StoredAsync(AppDbContext db, long versionId, long after, long upTo, CancellationToken ct) =>
        db.DatasetItems.AsNoTracking().Where(i => i.DatasetVersionId == versionId && i.TaskId > after && i.TaskId <= upTo)
            .OrderBy(i => i.TaskId).ToListAsync(ct);

    private sealed class Tally
    {
        public int Tasks { get; private set; }
        public int Changed { get; private set; }
        public int Added { get; private set; }
        public int Removed { get; private set; }
        public List<ReproductionDifference> Differences { get; } = [];

        public void Compare(List<DatasetItem> stored, List<DatasetItem> rebuilt)
        {
            var byTask = stored.ToDictionary(i => i.TaskId);
            foreach (var item in rebuilt)
            {
                Tasks++;
                if (!byTask.Remove(item.TaskId, out var before))
                {
                    Added++;
                    Note(item.TaskId, "added", null, item.LabelKey);
                }
                else if (before.State != item.State || !string.Equals(before.LabelsJson, item.LabelsJson, StringComparison.Ordinal))
                {
                    Changed++;
                    Note(item.TaskId, "changed", before.LabelKey, item.LabelKey);
                }
            }
            foreach (var gone in byTask.Values.OrderBy(i => i.TaskId))
            {
                Removed++;
                Note(gone.TaskId, "removed", gone.LabelKey, null);
            }
        }

        private void Note(long taskId, string kind, string? stored, string? rebuilt)
        {
            if (Differences.Count < MaxDifferences) Differences.Add(new ReproductionDifference(taskId, kind, stored, rebuilt));
        }
    }
}
