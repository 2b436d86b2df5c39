using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Jobs;
using LabelStudio.Data.Labeling;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Feedback;

/// <summary>
/// Keeps the click-feedback queue true after each label generation: tasks whose pair became decided (or is in the
/// seed) are withdrawn unless a rater holds them (an answer, a live reservation or a draft), withdrawn tasks whose pair
/// is uncertain again are re-queued, and the open click tasks
/// are re-ranked by their new expected value. Writes go in short chunks under the write lock, each its own transaction.
/// </summary>
public sealed class FeedbackQueueService(IDbContextFactory<AppDbContext> dbFactory, WriteLock writeLock, OpenTaskCountCache openTasks,
    TimeProvider clock)
{
    private const int Chunk = 200;

    /// <summary>The marker every task created from click feedback carries in its meta.</summary>
    internal const string ClickTaskMarker = "\"source\":\"click_feedback\"";

    /// <summary>
    /// Withdraws the unheld click tasks among <paramref name="taskIds"/>: they leave the queue and the counts but keep
    /// their rows (a lead's gold answer, outcome revisions), so the label history and dataset versions stay whole. A gold
    /// answer is a lead's judgement of the pair, not a rater's hold: it does not keep a settled task in the queue.
    /// Returns how many went.
    /// </summary>
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
                var unheld = await db.Tasks.Where(t => t.ProjectId == projectId && chunk.Contains(t.Id) && t.WithdrawnAt == null
                        && t.CompletedCount == 0 && t.SkipCount == 0 && t.MetaJson != null && t.MetaJson.Contains(ClickTaskMarker)
                        && !db.Annotations.IgnoreQueryFilters().Any(a => a.TaskId == t.Id)
                        && !db.Reservations.Any(r => r.TaskId == t.Id && r.ExpiresAt > now)
                        && !db.Drafts.Any(d => d.TaskId == t.Id))
                    .Select(t => new { t.Id, t.ImportBatchId }).ToListAsync(ct);
                if (unheld.Count == 0) continue;
                var ids = unheld.Select(t => t.Id).ToList();
                await db.Reservations.Where(r => ids.Contains(r.TaskId)).ExecuteDeleteAsync(ct);
                await db.Tasks.Where(t => ids.Contains(t.Id))
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.WithdrawnAt, now).SetProperty(t => t.IsComplete, true), ct);
                await AdjustBatchCountsAsync(db, unheld.Select(t => t.ImportBatchId), -1, ct);
                await tx.CommitAsync(ct);
                withdrawn += unheld.Count;
            }
        }
        if (withdrawn > 0) openTasks.Invalidate(projectId);
        return withdrawn;
    }

    /// <summary>Puts withdrawn click tasks among <paramref name="taskIds"/> back in the queue (their pair is uncertain again).</summary>
    internal async Task<int> RequeueAsync(long projectId, IReadOnlyCollection<long> taskIds, CancellationToken ct)
    {
        var requeued = 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var chunk in taskIds.Chunk(Chunk))
        {
            using (await writeLock.EnterBulkAsync(WriteHolder.Feedback, ct))
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var back = await db.Tasks.Where(t => t.ProjectId == projectId && chunk.Contains(t.Id) && t.WithdrawnAt != null)
                    .Select(t => new { t.Id, t.ImportBatchId }).ToListAsync(ct);
                if (back.Count == 0) continue;
                var ids = back.Select(t => t.Id).ToList();
                await db.Tasks.Where(t => ids.Contains(t.Id)).ExecuteUpdateAsync(s => s.SetProperty(t => t.WithdrawnAt, (DateTime?)null)
                    .SetProperty(t => t.IsComplete, t => t.CompletedCount >= t.RequiredRatings), ct);
                await AdjustBatchCountsAsync(db, back.Select(t => t.ImportBatchId), 1, ct);
                await tx.CommitAsync(ct);
                requeued += back.Count;
            }
        }
        if (requeued > 0) openTasks.Invalidate(projectId);
        return requeued;
    }

    /// <summary>A batch's task count is the tasks it has in the queue: withdrawn ones are taken off, re-queued ones put back.</summary>
    private static async Task AdjustBatchCountsAsync(AppDbContext db, IEnumerable<long?> batchIds, int sign, CancellationToken ct)
    {
        foreach (var batch in batchIds.Where(b => b != null).GroupBy(b => b!.Value))
        {
            var n = sign * batch.Count();
            await db.ImportBatches.Where(b => b.Id == batch.Key)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.TaskCount, b => b.TaskCount + n), ct);
        }
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
