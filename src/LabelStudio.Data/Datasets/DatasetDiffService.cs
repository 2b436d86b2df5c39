using LabelStudio.Core.DataValidation;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// Compares two ready versions task by task (a merge join of both items files in task order): tasks added
/// and removed, labels changed with their origin before and after, and how each label's share moved, with the
/// sampling-noise band so that a small version does not cry wolf.
/// </summary>
public sealed class DatasetDiffService(IDbContextFactory<AppDbContext> dbFactory, DatasetStorage storage)
{
    public async Task<DatasetDiff> DiffAsync(long versionId, long againstId, Actor actor, int limit = 200, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var to = await DatasetService.RequireReadyAsync(db, versionId, actor, ct);
        var from = await DatasetService.RequireReadyAsync(db, againstId, actor, ct);
        limit = Math.Clamp(limit, 0, 1000);
        int added = 0, removed = 0, changed = 0, same = 0;
        var addedIds = new List<long>();
        var removedIds = new List<long>();
        var changes = new List<(long TaskId, StoredItem Before, StoredItem After)>();

        await using var a = DatasetRowReader.ItemsAsync(db, storage, from, ct).GetAsyncEnumerator(ct);
        await using var b = DatasetRowReader.ItemsAsync(db, storage, to, ct).GetAsyncEnumerator(ct);
        var hasA = await a.MoveNextAsync();
        var hasB = await b.MoveNextAsync();
        while (hasA || hasB)
        {
            if (hasA && (!hasB || a.Current.TaskId < b.Current.TaskId))
            {
                removed++;
                if (removedIds.Count < limit) removedIds.Add(a.Current.TaskId);
                hasA = await a.MoveNextAsync();
            }
            else if (hasB && (!hasA || b.Current.TaskId < a.Current.TaskId))
            {
                added++;
                if (addedIds.Count < limit) addedIds.Add(b.Current.TaskId);
                hasB = await b.MoveNextAsync();
            }
            else
            {
                if (string.Equals(a.Current.LabelKey, b.Current.LabelKey, StringComparison.Ordinal)) same++;
                else
                {
                    changed++;
                    if (changes.Count < limit) changes.Add((a.Current.TaskId, a.Current, b.Current));
                }
                hasA = await a.MoveNextAsync();
                hasB = await b.MoveNextAsync();
            }
        }

        var changeIds = changes.Select(c => c.TaskId).ToList();
        var keys = await db.Tasks.IgnoreQueryFilters().AsNoTracking().Where(t => changeIds.Contains(t.Id))
            .ToDictionaryAsync(t => t.Id, t => t.ExternalKey, ct);
        var views = await DatasetViews.BuildAsync(db, [from, to], ct);
        return new DatasetDiff(views[0], views[1], added, removed, changed, same, addedIds, removedIds,
            [.. changes.Select(c => new LabelChange(c.TaskId, keys.GetValueOrDefault(c.TaskId), c.Before.LabelKey, c.After.LabelKey,
                DatasetNames.Origin(c.Before.Origin), DatasetNames.Origin(c.After.Origin)))],
            Shifts(DatasetService.ParseStats(from), DatasetService.ParseStats(to)), Drift(from, to, await TextFieldsAsync(db, to, ct)));
    }

    /// <summary>Each label's share of the tasks in both versions, largest move first.</summary>
    public static IReadOnlyList<LabelShift> Shifts(DatasetStats before, DatasetStats after)
    {
        var shifts = new List<LabelShift>();
        foreach (var control in after.Controls.Select(c => c.Control).Union(before.Controls.Select(c => c.Control)))
        {
            var b = before.Controls.FirstOrDefault(c => c.Control == control)?.Labels ?? [];
            var a = after.Controls.FirstOrDefault(c => c.Control == control)?.Labels ?? [];
            foreach (var label in a.Select(l => l.Value).Union(b.Select(l => l.Value)).Order(StringComparer.Ordinal))
            {
                var p = Share(b, label, before.Tasks);
                var q = Share(a, label, after.Tasks);
                shifts.Add(new LabelShift(control, label, p, q, Noise(p, before.Tasks, q, after.Tasks)));
            }
        }
        return [.. shifts.OrderByDescending(s => Math.Abs(s.Delta)).ThenBy(s => s.Control, StringComparer.Ordinal)];
    }

    /// <summary>The validation engine's band of a share difference: what sampling alone produces at about 95 %.</summary>
    public static double Noise(double p, int n, double q, int m) => NoiseBand.LInfinity(p * n, n, q * m, m);

    /// <summary>The validation engine's drift figures between the versions' data fields and final labels (L-infinity and
    /// Jensen-Shannon, each with its noise band), or null for versions made before statistics were kept.</summary>
    public static DriftReport? Drift(DatasetVersion from, DatasetVersion to, IEnumerable<string> textFields)
    {
        if (from.DataStatisticsJson.Length <= 2 || to.DataStatisticsJson.Length <= 2) return null;
        return DriftComparison.Compare(StatisticsJson.Deserialize(from.DataStatisticsJson), StatisticsJson.Deserialize(to.DataStatisticsJson),
            textFields: textFields);
    }

    /// <summary>The data fields the configuration shows (compared by length, not as categories).</summary>
    private static async Task<IReadOnlyList<string>> TextFieldsAsync(AppDbContext db, DatasetVersion version, CancellationToken ct)
    {
        var xml = await db.LabelConfigVersions.AsNoTracking().Where(c => c.ProjectId == version.ProjectId && c.Version == version.ConfigVersion)
            .Select(c => c.Xml).FirstOrDefaultAsync(ct);
        return xml is null ? [] : Projects.LabelingConfigCache.ParseOrThrow(xml).RequiredDataFields;
    }

    private static double Share(IReadOnlyList<ValueCount> counts, string label, int tasks) =>
        tasks == 0 ? 0 : (double)(counts.FirstOrDefault(c => c.Value == label)?.Count ?? 0) / tasks;
}
