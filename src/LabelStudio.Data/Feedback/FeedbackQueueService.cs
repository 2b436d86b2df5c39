using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Jobs;
using LabelStudio.Data.Labeling;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Feedback;

/// <summary>
/// Keeps the click-feedback queue true after each label generation: tasks whose pair became decided (or is in the
/// seed) are withdrawn unless a rater holds them (an answer, a live reservation or a draft), and the open click tasks
/// are re-ranked by their new expected value. Writes go in short chunks under the write lock, each its own transaction.
/// </summary>
public sealed class FeedbackQueueService(IDbContextFactory<AppDbContext> dbFactory, WriteLock writeLock, OpenTaskCountCache openTasks,
    TimeProvider clock)
{
    private const int Chunk = 200;

    /// <summary>The marker every task created from click feedback carries in its meta.</summary>
    internal const string ClickTaskMarker = "\"source\":\"click_feedback\"";

    /// <summary>Withdraws (deletes) the unheld click tasks among <paramref name="taskIds"/>; returns how many went.</summary>
    internal async Task<int> WithdrawAsync(long projectId, IReadOnlyCollection<long> taskIds, CancellationToken ct)
    {
        var withdrawn = 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var chunk in taskIds.Chunk(Chunk))
        {
            var now = clock.GetUtcNow().UtcDateTime;
            using (await writeLock.EnterBulkAsync(WriteHolder.Feedback, ct))
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var unheld = await db.Tasks.Where(t => t.ProjectId == projectId && chunk.Contains(t.Id)
                        && t.CompletedCount == 0 && t.SkipCount == 0 && t.MetaJson != null && t.MetaJson.Contains(ClickTaskMarker)
                        && !db.Annotations.IgnoreQueryFilters().Any(a => a.TaskId == t.Id)
                        && !db.Reservations.Any(r => r.TaskId == t.Id && r.ExpiresAt > now)
                        && !db.Drafts.Any(d => d.TaskId == t.Id)
                        && !db.GoldAnswers.IgnoreQueryFilters().Any(g => g.TaskId == t.Id))
                    .Select(t => new { t.Id, t.ImportBatchId }).ToListAsync(ct);
                if (unheld.Count == 0) continue;
                var ids = unheld.Select(t => t.Id).ToList();
                await db.Reservations.Where(r => ids.Contains(r.TaskId)).ExecuteDeleteAsync(ct);
                await db.Tasks.Where(t => ids.Contains(t.Id)).ExecuteDeleteAsync(ct);
                foreach (var batch in unheld.Where(t => t.ImportBatchId != null).GroupBy(t => t.ImportBatchId!.Value))
                {
                    var n = batch.Count();
                    await db.ImportBatches.Where(b => b.Id == batch.Key)
                        .ExecuteUpdateAsync(s => s.SetProperty(b => b.TaskCount, b => b.TaskCount - n), ct);
                }
                await tx.CommitAsync(ct);
                withdrawn += unheld.Count;
            }
        }
        if (withdrawn > 0) openTasks.Invalidate(projectId);
        return withdrawn;
    }

    /// <summary>
    /// Gives the open click tasks among <paramref name="valueByTask"/> random keys in the order of their value, highest
    /// first, so that a random-order project serves the most valuable judgement next. (A sequential project serves by
    /// creation, which is value order within each generation.)
    /// </summary>
    internal async Task<int> ReRankAsync(long projectId, IReadOnlyDictionary<long, double> valueByTask, CancellationToken ct)
    {
        if (valueByTask.Count == 0) return 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = valueByTask.Keys.ToList();
        var open = new List<long>();
        foreach (var chunk in ids.Chunk(500))
        {
            open.AddRange(await db.Tasks.AsNoTracking()
                .Where(t => t.ProjectId == projectId && chunk.Contains(t.Id) && !t.IsComplete && t.MetaJson != null
                            && t.MetaJson.Contains(ClickTaskMarker))
                .Select(t => t.Id).ToListAsync(ct));
        }
        if (open.Count == 0) return 0;
        open.Sort((a, b) => valueByTask[b].CompareTo(valueByTask[a]) is var c && c != 0 ? c : a.CompareTo(b));
        var keys = new int[open.Count];
        for (var i = 0; i < keys.Length; i++) keys[i] = Random.Shared.Next();
        Array.Sort(keys);
        for (var offset = 0; offset < open.Count; offset += Chunk)
        {
            using (await writeLock.EnterBulkAsync(WriteHolder.Feedback, ct))
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                for (var i = offset; i < Math.Min(open.Count, offset + Chunk); i++)
                {
                    var id = open[i];
                    var key = keys[i];
                    await db.Tasks.Where(t => t.Id == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.RandomKey, key), ct);
                }
                await tx.CommitAsync(ct);
            }
        }
        return open.Count;
    }

    /// <summary>Click tasks of a project that raters can still be served (not complete).</summary>
    internal static Task<int> OpenClickTasksAsync(AppDbContext db, long projectId, CancellationToken ct) =>
        db.Tasks.CountAsync(t => t.ProjectId == projectId && !t.IsComplete && t.MetaJson != null && t.MetaJson.Contains(ClickTaskMarker), ct);
}
