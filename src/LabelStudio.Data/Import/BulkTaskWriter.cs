using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Jobs;
using LabelStudio.Data.Labeling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LabelStudio.Data.Import;

/// <summary>
/// The one writer of tasks, for imports and click feedback alike. A job opens a staging batch, adds tasks (written
/// in short chunks, each its own transaction, invisible until published), then publishes the batch in one small
/// transaction, or discards it. One project has one staging batch at a time; a second job waits for the first, so a
/// job that checks its tasks against the project's published ones (an import's duplicate check) sees everything
/// published before its own batch can be.
/// </summary>
public sealed class BulkTaskWriter(IDbContextFactory<AppDbContext> dbFactory, WriteLock writeLock,
    OpenTaskCountCache openCounts, StagedRowsCleaner cleaner, TimeProvider clock, IOptions<JobOptions> options)
{
    private static readonly TimeSpan WaitStep = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Opens a staging batch for <paramref name="jobId"/>, waiting while another live job stages into the project
    /// (<paramref name="waiting"/> is told so).
    /// </summary>
    public async Task<StagedBatch> BeginAsync(long projectId, string fileName, string format, long jobId, string? importedById,
        Func<ValueTask>? waiting = null, CancellationToken ct = default)
    {
        var db = await dbFactory.CreateDbContextAsync(ct);
        try
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            await db.Database.OpenConnectionAsync(ct);
            await BulkConnection.PrepareAsync(db, ct);
            var project = await db.Projects.AsNoTracking().Where(p => p.Id == projectId)
                              .Select(p => new { p.Id, p.Overlap, p.LabelConfigVersion }).FirstOrDefaultAsync(ct)
                          ?? throw new NotFoundException($"Project {projectId} does not exist.");
            var batch = new ImportBatch
            {
                ProjectId = projectId, FileName = Truncate(Path.GetFileName(fileName), 400), Format = Truncate(format, 16),
                ImportedById = importedById, ImportedAt = clock.GetUtcNow().UtcDateTime, State = ImportBatchState.Staging,
                JobId = jobId,
            };
            while (!await TryClaimAsync(db, batch, ct))
            {
                if (waiting is not null) await waiting();
                await Task.Delay(WaitStep, ct);
            }
            await ContentHashBackfill.RunAsync(db, projectId, writeLock, options.Value, ct);
            var raters = await ImportedRaterMap.LoadAsync(db, projectId, ct);
            var commands = new TaskInsertCommands(db.Database.GetDbConnection(), db.IsSqlite, projectId, batch.Id,
                project.Overlap, project.LabelConfigVersion, importedById, batch.FileName, batch.ImportedAt, raters);
            return new StagedBatch(db, commands, batch, writeLock, openCounts, cleaner, clock, options.Value);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>Inserts the staging batch unless another live job is staging into the project.</summary>
    private async Task<bool> TryClaimAsync(AppDbContext db, ImportBatch batch, CancellationToken ct)
    {
        using var writing = await writeLock.EnterBulkAsync(WriteHolder.Import, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var staging = await StagedBatches.StagingWithJobsAsync(db, batch.ProjectId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (staging.Any(s => s.IsAlive(now, options.Value.StaleAfter)))
        {
            await tx.CommitAsync(ct);
            return false;
        }
        foreach (var stale in staging)
        {
            await db.ImportBatches.Where(b => b.Id == stale.BatchId && b.State == ImportBatchState.Staging)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.State, ImportBatchState.Discarded), ct);
        }
        db.ImportBatches.Add(batch);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (staging.Count > 0) cleaner.Signal();
        return true;
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
