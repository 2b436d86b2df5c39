using LabelStudio.Data.Database;
using LabelStudio.Data.Jobs;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Import;

/// <summary>Queries and updates about batches that are not (or not yet) visible.</summary>
public static class StagedBatches
{
    internal sealed record StagingBatch(long BatchId, long? JobId, JobState? State, string? Owner, DateTime? HeartbeatAt)
    {
        public bool IsAlive(DateTime now, TimeSpan staleAfter) =>
            State is JobState.Queued or JobState.Running && JobOwner.IsAlive(Owner, HeartbeatAt, now, staleAfter);
    }

    internal static Task<List<StagingBatch>> StagingWithJobsAsync(AppDbContext db, long? projectId, CancellationToken ct) =>
        (from b in db.ImportBatches
         where b.State == ImportBatchState.Staging && (projectId == null || b.ProjectId == projectId)
         join j in db.Jobs on b.JobId equals (long?)j.Id into jobs
         from j in jobs.DefaultIfEmpty()
         select new StagingBatch(b.Id, b.JobId, j == null ? null : j.State, j == null ? null : j.Owner,
             j == null ? null : j.HeartbeatAt)).ToListAsync(ct);

    /// <summary>Discards the staging batches of a job; returns how many.</summary>
    public static Task<int> DiscardForJobAsync(AppDbContext db, long jobId, CancellationToken ct) =>
        db.ImportBatches.Where(b => b.JobId == jobId && b.State == ImportBatchState.Staging)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.State, ImportBatchState.Discarded), ct);

    /// <summary>Discards staging batches whose job has ended or whose process is gone.</summary>
    public static async Task<int> DiscardOrphansAsync(AppDbContext db, DateTime now, TimeSpan staleAfter, CancellationToken ct)
    {
        var discarded = 0;
        foreach (var batch in await StagingWithJobsAsync(db, null, ct))
        {
            if (batch.IsAlive(now, staleAfter)) continue;
            discarded += await db.ImportBatches.Where(b => b.Id == batch.BatchId && b.State == ImportBatchState.Staging)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.State, ImportBatchState.Discarded), ct);
        }
        return discarded;
    }

    /// <summary>
    /// Open tasks of a project that are not visible (staging or discarded, not yet deleted): counted on their batches
    /// (tasks that imported ratings completed are not open).
    /// </summary>
    public static async Task<int> HiddenTaskCountAsync(AppDbContext db, long projectId, CancellationToken ct) =>
        await db.ImportBatches.Where(b => b.ProjectId == projectId && b.State != ImportBatchState.Published)
            .SumAsync(b => (int?)(b.TaskCount - b.CompleteTaskCount), ct) ?? 0;

    /// <summary>Tasks of a project that are not visible, and how many of them imported ratings completed.</summary>
    public static async Task<(int Tasks, int Complete)> HiddenTasksAsync(AppDbContext db, long projectId, CancellationToken ct)
    {
        var sums = await db.ImportBatches.Where(b => b.ProjectId == projectId && b.State != ImportBatchState.Published)
            .GroupBy(b => 1).Select(g => new { Tasks = g.Sum(b => b.TaskCount), Complete = g.Sum(b => b.CompleteTaskCount) })
            .FirstOrDefaultAsync(ct);
        return sums is null ? (0, 0) : (sums.Tasks, sums.Complete);
    }
}
