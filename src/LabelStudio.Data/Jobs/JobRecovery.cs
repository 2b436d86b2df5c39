using LabelStudio.Data.Database;
using LabelStudio.Data.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LabelStudio.Data.Jobs;

/// <summary>
/// At start-up (and now and then after): jobs whose process died are marked Failed with the reason, what they staged
/// is discarded (its rows are deleted in the background by <see cref="StagedRowsCleaner"/>), and scratch files that
/// belong to no live job are deleted. Jobs of a live process, here or on another machine, are left alone.
/// </summary>
public sealed class JobRecovery(IServiceScopeFactory scopes, IDbContextFactory<AppDbContext> dbFactory, JobExecutor executor,
    WorkDirectories work, StagedRowsCleaner cleaner, TimeProvider clock, IOptions<JobOptions> options, ILogger<JobRecovery> logger)
{
    public const string InterruptedMessage =
        "Interrupted by a restart before it finished. Nothing it wrote was kept; run it again.";

    /// <summary>Returns the number of jobs marked failed.</summary>
    public async Task<int> RecoverAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unfinished = await db.Jobs.AsNoTracking()
            .Where(j => j.State == JobState.Queued || j.State == JobState.Running).ToListAsync(ct);
        var dead = unfinished.Where(j => !JobOwner.IsAlive(j.Owner, j.HeartbeatAt, now, options.Value.StaleAfter)).ToList();
        foreach (var job in dead)
        {
            await executor.AbandonAsync(scope.ServiceProvider, db, job.Id, job.Kind, InterruptedMessage);
            await db.Jobs.Where(j => j.Id == job.Id && (j.State == JobState.Queued || j.State == JobState.Running))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.State, JobState.Failed)
                    .SetProperty(j => j.Message, InterruptedMessage)
                    .SetProperty(j => j.FinishedAt, now), ct);
            logger.LogWarning("Job {Job} ({Kind}, {File}) was interrupted; marked failed", job.Id, job.Kind, job.FileName);
        }

        // After the dead jobs' own clean-up: versions whose build never started.
        await Datasets.DatasetRecovery.FailStrandedAsync(db, now, options.Value.StaleAfter, ct);
        if (await StagedBatches.DiscardOrphansAsync(db, now, options.Value.StaleAfter, ct) > 0 || dead.Count > 0)
        {
            cleaner.Signal();
        }
        await DeleteOrphanFilesAsync(db, now, ct);
        if (options.Value.RetentionDays > 0)
        {
            var before = now.AddDays(-options.Value.RetentionDays);
            await db.Jobs.Where(j => j.FinishedAt != null && j.FinishedAt < before).ExecuteDeleteAsync(ct);
        }
        return dead.Count;
    }

    /// <summary>
    /// Job folders are read first and their jobs looked up after, so a job queued meanwhile (row first, folder second)
    /// is never taken for an orphan.
    /// </summary>
    private async Task DeleteOrphanFilesAsync(AppDbContext db, DateTime now, CancellationToken ct)
    {
        if (Directory.Exists(work.JobsRoot))
        {
            var folders = Directory.EnumerateDirectories(work.JobsRoot)
                .Select(d => (Path: d, Id: long.TryParse(Path.GetFileName(d), out var id) ? id : -1)).ToList();
            var ids = folders.Select(f => f.Id).Where(id => id > 0).ToList();
            var jobs = await db.Jobs.AsNoTracking().Where(j => ids.Contains(j.Id))
                .Select(j => new { j.Id, j.State, j.Owner, j.HeartbeatAt }).ToDictionaryAsync(j => j.Id, ct);
            foreach (var (path, id) in folders)
            {
                var keep = jobs.TryGetValue(id, out var job) && job.State is JobState.Queued or JobState.Running
                           && JobOwner.IsAlive(job.Owner, job.HeartbeatAt, now, options.Value.StaleAfter);
                if (!keep) JobExecutor.DeleteDirectory(path);
            }
        }
        if (Directory.Exists(work.UploadsRoot))
        {
            foreach (var directory in Directory.EnumerateDirectories(work.UploadsRoot))
            {
                if (JobOwner.IsDeadLocalToken(Path.GetFileName(directory)))
                {
                    JobExecutor.DeleteDirectory(directory);
                }
            }
        }
    }
}
