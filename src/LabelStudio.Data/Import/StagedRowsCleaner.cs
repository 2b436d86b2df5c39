using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Feedback;
using LabelStudio.Data.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LabelStudio.Data.Import;

/// <summary>
/// Deletes what failed or interrupted jobs wrote: the tasks of discarded batches (their annotations, predictions and
/// gold answers go with them) and the labels of failed click-log ingests. Rows go in short chunks, each its own
/// transaction, so raters never wait on a clean-up either; the rows were never visible, so there is no hurry.
/// </summary>
public sealed class StagedRowsCleaner(IDbContextFactory<AppDbContext> dbFactory, WriteLock writeLock,
    IOptions<JobOptions> options, ILogger<StagedRowsCleaner> logger)
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    private TaskCompletionSource _pass = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes when the clean-up pass running now (or the next one) ends, whether it deleted anything or failed: take
    /// it before looking at the rows, then wait on it, and no pass can slip between the look and the wait.
    /// </summary>
    public Task PassEnded => Volatile.Read(ref _pass).Task;

    /// <summary>Wakes the background clean-up (something was just discarded).</summary>
    public void Signal()
    {
        try
        {
            if (_signal.CurrentCount == 0) _signal.Release();
        }
        catch (SemaphoreFullException)
        {
        }
    }

    public Task<bool> WaitForWorkAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    /// <summary>Deletes everything discarded; returns the number of rows deleted.</summary>
    public async Task<long> CleanAsync(CancellationToken ct)
    {
        try
        {
            return await CleanOnceAsync(ct);
        }
        finally
        {
            Interlocked.Exchange(ref _pass, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    private async Task<long> CleanOnceAsync(CancellationToken ct)
    {
        long deleted = 0;
        var chunks = 0;
        var pacer = new ChunkPacer(TimeSpan.FromMilliseconds(options.Value.ChunkMilliseconds), writeLock, maxRows: 10_000);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        await BulkConnection.PrepareAsync(db, ct);
        var batches = await db.ImportBatches.AsNoTracking().Where(b => b.State == ImportBatchState.Discarded)
            .Select(b => b.Id).ToListAsync(ct);
        foreach (var batchId in batches)
        {
            while (true)
            {
                long started;
                int rows;
                using (await writeLock.EnterBulkAsync(WriteHolder.Cleanup, ct))
                {
                    started = pacer.Start();
                    await using var tx = await db.Database.BeginTransactionAsync(ct);
                    // Complete tasks first, so the batch's counts keep telling how many hidden tasks are open.
                    var complete = await db.ImportBatches.Where(b => b.Id == batchId).Select(b => b.CompleteTaskCount).FirstOrDefaultAsync(ct) > 0;
                    var tasks = db.Tasks.IgnoreQueryFilters().Where(t => t.ImportBatchId == batchId);
                    if (complete) tasks = tasks.Where(t => t.IsComplete);
                    rows = await tasks.OrderBy(t => t.Id).Take(pacer.Rows).ExecuteDeleteAsync(ct);
                    if (rows > 0)
                    {
                        var completeRows = complete ? rows : 0;
                        await db.ImportBatches.Where(b => b.Id == batchId)
                            .ExecuteUpdateAsync(s => s.SetProperty(b => b.TaskCount, b => Math.Max(0, b.TaskCount - rows))
                                .SetProperty(b => b.CompleteTaskCount, b => Math.Max(0, b.CompleteTaskCount - completeRows)), ct);
                    }
                    else if (complete)
                    {
                        await db.ImportBatches.Where(b => b.Id == batchId)
                            .ExecuteUpdateAsync(s => s.SetProperty(b => b.CompleteTaskCount, 0), ct);
                        rows = -1;
                    }
                    else
                    {
                        // The tasks' children went with them (cascade); nothing should be left, but be sure.
                        await db.Annotations.IgnoreQueryFilters().Where(a => a.ImportBatchId == batchId).ExecuteDeleteAsync(ct);
                        await db.Predictions.IgnoreQueryFilters().Where(p => p.ImportBatchId == batchId).ExecuteDeleteAsync(ct);
                        await db.GoldAnswers.IgnoreQueryFilters().Where(g => g.ImportBatchId == batchId).ExecuteDeleteAsync(ct);
                        await db.ImportedRaters.IgnoreQueryFilters().Where(r => r.ImportBatchId == batchId).ExecuteDeleteAsync(ct);
                        await db.ImportBatches.Where(b => b.Id == batchId && b.State == ImportBatchState.Discarded).ExecuteDeleteAsync(ct);
                    }
                    await tx.CommitAsync(ct);
                }
                if (rows < 0) continue;
                pacer.Record(rows, started);
                await writeLock.RestAsync(System.Diagnostics.Stopwatch.GetElapsedTime(started), ct);
                if (++chunks % 16 == 0) await BulkConnection.CheckpointAsync(db, ct);
                deleted += rows;
                if (rows == 0) break;
            }
        }

        var ingests = await db.FeedbackIngests.AsNoTracking().Where(i => i.State == FeedbackIngestState.Failed
                && (db.FeedbackLabels.IgnoreQueryFilters().Any(l => l.IngestId == i.Id) || db.FeedbackPairEvidence.Any(e => e.IngestId == i.Id)
                    || db.FeedbackRankerEvidence.Any(e => e.IngestId == i.Id) || db.FeedbackInterleaving.Any(e => e.IngestId == i.Id)))
            .Select(i => i.Id).ToListAsync(ct);
        foreach (var ingestId in ingests)
        {
            int rows;
            do
            {
                long started;
                using (await writeLock.EnterBulkAsync(WriteHolder.Cleanup, ct))
                {
                    started = pacer.Start();
                    rows = await db.FeedbackLabels.IgnoreQueryFilters().Where(l => l.IngestId == ingestId)
                        .OrderBy(l => l.Id).Take(pacer.Rows).ExecuteDeleteAsync(ct);
                    if (rows == 0)
                    {
                        rows = await db.FeedbackPairEvidence.Where(e => e.IngestId == ingestId)
                            .OrderBy(e => e.Id).Take(pacer.Rows).ExecuteDeleteAsync(ct);
                    }
                    if (rows == 0)
                    {
                        rows = await db.FeedbackRankerEvidence.Where(e => e.IngestId == ingestId)
                            .OrderBy(e => e.Id).Take(pacer.Rows).ExecuteDeleteAsync(ct);
                    }
                    if (rows == 0)
                    {
                        rows = await db.FeedbackInterleaving.Where(e => e.IngestId == ingestId).ExecuteDeleteAsync(ct);
                    }
                }
                pacer.Record(rows, started);
                await writeLock.RestAsync(System.Diagnostics.Stopwatch.GetElapsedTime(started), ct);
                if (++chunks % 16 == 0) await BulkConnection.CheckpointAsync(db, ct);
                deleted += rows;
            } while (rows > 0);
        }
        if (deleted > 0) logger.LogInformation("Deleted {Rows} rows of discarded imports and failed ingests", deleted);
        return deleted;
    }
}
