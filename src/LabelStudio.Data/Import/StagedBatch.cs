using LabelStudio.Core.DataValidation;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Jobs;
using LabelStudio.Data.Labeling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LabelStudio.Data.Import;

/// <summary>
/// A batch being written by one job (see <see cref="BulkTaskWriter"/>). Tasks added are buffered and written in
/// chunks sized to hold the write lock about <see cref="JobOptions.ChunkMilliseconds"/> and cut at
/// <see cref="JobOptions.MaxHoldMilliseconds"/>; raters' writes go first (<see cref="WriteLock"/>). Disposing a batch that was not published discards it.
/// </summary>
public sealed class StagedBatch : IAsyncDisposable
{
    private const long MaxBufferedBytes = 8L << 20;

    private readonly AppDbContext _db;
    private readonly TaskInsertCommands _commands;
    private readonly ImportBatch _batch;
    private readonly WriteLock _writeLock;
    private readonly OpenTaskCountCache _openCounts;
    private readonly StagedRowsCleaner _cleaner;
    private readonly TimeProvider _clock;
    private readonly ChunkPacer _pacer;
    private readonly JobOptions _options;
    private readonly List<StagedTask> _buffer = [];
    private long _bufferedBytes;
    private long _cycleStarted = System.Diagnostics.Stopwatch.GetTimestamp();
    private long _sinceCheckpoint;
    private bool _closed;

    internal StagedBatch(AppDbContext db, TaskInsertCommands commands, ImportBatch batch, WriteLock writeLock,
        OpenTaskCountCache openCounts, StagedRowsCleaner cleaner, TimeProvider clock, JobOptions options)
    {
        _db = db;
        _commands = commands;
        _batch = batch;
        _writeLock = writeLock;
        _openCounts = openCounts;
        _cleaner = cleaner;
        _clock = clock;
        _pacer = new ChunkPacer(TimeSpan.FromMilliseconds(options.ChunkMilliseconds), writeLock);
        _options = options;
    }

    public long BatchId => _batch.Id;
    public long ProjectId => _batch.ProjectId;
    public string FileName => _batch.FileName;
    /// <summary>Tasks added so far (written or buffered).</summary>
    public int Tasks { get; private set; }
    public int Written { get; private set; }
    public int Annotations { get; private set; }
    public int Predictions { get; private set; }
    public int GoldAnswers { get; private set; }
    /// <summary>Ratings the imported authors gave: their current answers (not skips, not earlier revisions).</summary>
    public int Ratings { get; private set; }
    /// <summary>Imported raters (authors) the batch introduced.</summary>
    public int NewRaters { get; private set; }

    public async ValueTask AddAsync(StagedTask task, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        // Hashed here, outside the write lock.
        if (task.ContentHash is null) task = task with { ContentHash = TaskContentHash.Of(task.DataJson) };
        _buffer.Add(task);
        _bufferedBytes += task.ApproximateBytes;
        Tasks++;
        if (_buffer.Count >= _pacer.Rows || _bufferedBytes >= MaxBufferedBytes)
        {
            await FlushAsync(ct);
        }
    }

    /// <summary>
    /// Writes the buffered tasks in short transactions: each commits once it has held the writer
    /// <see cref="JobOptions.MaxHoldMilliseconds"/>, whatever is left, so a waiting rater gets the writer next.
    /// </summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        while (_buffer.Count > 0)
        {
            ct.ThrowIfCancellationRequested();
            await WriteChunkAsync(ct);
        }
    }

    private async Task WriteChunkAsync(CancellationToken ct)
    {
        long started;
        int rows;
        TimeSpan waited;
        using (var held = await _writeLock.EnterBulkAsync(WriteHolder.Import, ct))
        {
            waited = held.Waited;
            started = _pacer.Start();
            await using var tx = await _db.Database.BeginTransactionAsync(ct);
            _commands.Enlist(tx.GetDbTransaction());
            var counts = _commands.Write(_buffer, Written, _options.HoldDeadline(started));
            var updated = await _db.ImportBatches
                .Where(b => b.Id == _batch.Id && b.State == ImportBatchState.Staging)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(b => b.TaskCount, b => b.TaskCount + counts.Tasks)
                    .SetProperty(b => b.AnnotationCount, b => b.AnnotationCount + counts.Annotations)
                    .SetProperty(b => b.CompleteTaskCount, b => b.CompleteTaskCount + counts.CompleteTasks)
                    .SetProperty(b => b.RatingCount, b => b.RatingCount + counts.Ratings)
                    .SetProperty(b => b.PredictionCount, b => b.PredictionCount + counts.Predictions), ct);
            if (updated == 0)
            {
                // Discarded meanwhile (a cancel from another process, or a clean-up that took the job for dead).
                throw new OperationCanceledException("The batch was discarded while it was being written.");
            }
            await tx.CommitAsync(ct);
            rows = counts.Tasks;
            Written += counts.Tasks;
            Annotations += counts.Annotations;
            Predictions += counts.Predictions;
            GoldAnswers += counts.GoldAnswers;
            Ratings += counts.Ratings;
            NewRaters += counts.Raters;
        }
        _pacer.Record(rows, started);
        var bytes = 0L;
        for (var i = 0; i < rows; i++) bytes += _buffer[i].ApproximateBytes;
        _buffer.RemoveRange(0, rows);
        _bufferedBytes -= bytes;
        _sinceCheckpoint += bytes;
        if (_sinceCheckpoint >= BulkConnection.CheckpointEveryBytes)
        {
            _sinceCheckpoint = 0;
            await BulkConnection.CheckpointAsync(_db, ct);
        }
        // The whole cycle (reading and checking the tasks, writing them, the checkpoint), not only the write, but not
        // the time spent waiting for raters to go first: while raters work, an import takes at most half of what it would.
        await _writeLock.RestAsync(System.Diagnostics.Stopwatch.GetElapsedTime(_cycleStarted) - waited, ct);
        _cycleStarted = System.Diagnostics.Stopwatch.GetTimestamp();
    }

    /// <summary>Ids of the written tasks by their position in the batch (1-based), e.g. to point labels at them.</summary>
    public async Task<Dictionary<int, long>> TaskIdsAsync(CancellationToken ct)
    {
        await FlushAsync(ct);
        return await _db.Tasks.IgnoreQueryFilters().Where(t => t.ImportBatchId == _batch.Id)
            .Select(t => new { t.SourceIndex, t.Id }).ToDictionaryAsync(t => t.SourceIndex, t => t.Id, ct);
    }

    /// <summary>
    /// Makes every row of the batch visible at once, in one small transaction that also records the job's outcome
    /// (so a crash can never leave a published batch under a job that says it failed) and runs
    /// <paramref name="alsoInTransaction"/>.
    /// </summary>
    public async Task<ImportBatch> PublishAsync(long jobId, JobOutcome outcome, string? sha256, long sizeBytes,
        Func<AppDbContext, Task>? alsoInTransaction = null, CancellationToken ct = default)
    {
        await FlushAsync(ct);
        var now = _clock.GetUtcNow().UtcDateTime;
        using (await _writeLock.EnterBulkAsync(WriteHolder.Import, ct))
        {
            await using var tx = await _db.Database.BeginTransactionAsync(ct);
            var published = await _db.ImportBatches
                .Where(b => b.Id == _batch.Id && b.State == ImportBatchState.Staging)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(b => b.State, ImportBatchState.Published)
                    .SetProperty(b => b.ImportedAt, now)
                    .SetProperty(b => b.Sha256, sha256 ?? "")
                    .SetProperty(b => b.SizeBytes, sizeBytes), ct);
            if (published == 0) throw new OperationCanceledException("The batch was discarded before it could be published.");
            await JobCompletion.MarkAsync(_db, jobId, outcome, now, ct);
            if (alsoInTransaction is not null) await alsoInTransaction(_db);
            await tx.CommitAsync(ct);
        }
        _closed = true;
        _openCounts.Invalidate(_batch.ProjectId);
        return await _db.ImportBatches.AsNoTracking().FirstAsync(b => b.Id == _batch.Id, ct);
    }

    /// <summary>Makes sure the batch is never published; its rows are deleted in the background.</summary>
    public async Task DiscardAsync()
    {
        if (_closed) return;
        _closed = true;
        _buffer.Clear();
        using (await _writeLock.EnterBulkAsync(WriteHolder.Import, CancellationToken.None))
        {
            await _db.ImportBatches.Where(b => b.Id == _batch.Id && b.State == ImportBatchState.Staging)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.State, ImportBatchState.Discarded), CancellationToken.None);
        }
        _cleaner.Signal();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await DiscardAsync();
        }
        catch (System.Data.Common.DbException)
        {
            // The job runner discards a failed job's batches again when it records the failure.
        }
        finally
        {
            _commands.Dispose();
            await _db.DisposeAsync();
        }
    }
}
