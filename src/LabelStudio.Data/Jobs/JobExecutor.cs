using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LabelStudio.Data.Jobs;

/// <summary>
/// Runs one job from start to its final state: claims it, calls its handler with a linked cancellation (cancel
/// request, shutdown), records the outcome, and when the job did not succeed discards what it staged. Its scratch
/// folder is deleted whatever happens.
/// </summary>
public sealed class JobExecutor(IServiceScopeFactory scopes, IDbContextFactory<AppDbContext> dbFactory, JobQueue queue,
    WorkDirectories work, StagedRowsCleaner cleaner, WriteLock writeLock, SqliteStatistics statistics, TimeProvider clock,
    IOptions<JobOptions> options, ILogger<JobExecutor> logger)
{
    /// <summary>Runs a queued job of this process; nothing when it was cancelled or taken meanwhile.</summary>
    public async Task RunQueuedAsync(long jobId, CancellationToken stopping)
    {
        Job? job;
        await using (var db = await dbFactory.CreateDbContextAsync(stopping))
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var claimed = await db.Jobs.Where(j => j.Id == jobId && j.State == JobState.Queued && !j.CancelRequested)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.State, JobState.Running)
                    .SetProperty(j => j.StartedAt, now)
                    .SetProperty(j => j.HeartbeatAt, now)
                    .SetProperty(j => j.Owner, JobOwner.Current), stopping);
            job = claimed == 1 ? await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == jobId, stopping) : null;
        }
        if (job is null)
        {
            queue.Finished(jobId);
            return;
        }
        await ExecuteAsync(job, Path.Combine(work.JobDirectory(jobId), "input"), null, stopping);
    }

    /// <summary>Runs a job that is already marked Running by this process (queued, or inline from the command line).</summary>
    internal async Task<Job> ExecuteAsync(Job job, string inputPath, Action<JobProgress>? observer, CancellationToken stopping)
    {
        var directory = work.JobDirectory(job.Id);
        Directory.CreateDirectory(directory);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        queue.Started(job.Id, cancel);
        JobOutcome outcome;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var handler = Handler(scope.ServiceProvider, job.Kind);
            var run = new JobRun(job, directory, inputPath, dbFactory, writeLock, clock,
                TimeSpan.FromMilliseconds(options.Value.ProgressMilliseconds), cancel, observer);
            outcome = await handler.RunAsync(run, cancel.Token);
        }
        catch (Exception) when (cancel.IsCancellationRequested)
        {
            // A cancel can surface as a provider's own error (an interrupted statement), not only as OperationCanceled.
            outcome = stopping.IsCancellationRequested
                ? new JobOutcome(JobState.Failed, "Interrupted: the server shut down before the job finished. Nothing it wrote was kept; run it again.")
                : new JobOutcome(JobState.Cancelled, "Cancelled. Nothing it wrote was kept.");
        }
        catch (Exception e) when (e is DomainValidationException or NotFoundException or AccessDeniedException or ConflictException)
        {
            outcome = JobOutcome.Failed(e.Message);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Job {Job} ({Kind}) failed", job.Id, job.Kind);
            outcome = JobOutcome.Failed("The job failed because of an internal error. Nothing it wrote was kept; it is safe to run it again.");
        }

        try
        {
            // A job that succeeded wrote many rows (an import, an ingest, a version): the planner's statistics catch up
            // before the job says so, outside its writes.
            if (outcome.State == JobState.Succeeded) await statistics.RefreshAsync(CancellationToken.None);
            return await FinishAsync(job, outcome);
        }
        finally
        {
            DeleteDirectory(directory);
            queue.Finished(job.Id);
            JobMemory.ReleaseWhenIdle(() => queue.Idle);
        }
    }

    private async Task<Job> FinishAsync(Job job, JobOutcome outcome)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        if (outcome.State != JobState.Succeeded)
        {
            await AbandonAsync(scope.ServiceProvider, db, job.Id, job.Kind, outcome.Message);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Jobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, outcome.State)
            .SetProperty(j => j.Message, JobCompletion.Shorten(outcome.Message))
            .SetProperty(j => j.ResultJson, outcome.ResultJson)
            .SetProperty(j => j.FinishedAt, now)
            .SetProperty(j => j.HeartbeatAt, now), CancellationToken.None);
        return await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == job.Id, CancellationToken.None);
    }

    /// <summary>Discards what a job staged and lets its handler mark its own rows; used on failure and at recovery.</summary>
    internal async Task AbandonAsync(IServiceProvider services, AppDbContext db, long jobId, string kind, string reason)
    {
        if (await StagedBatches.DiscardForJobAsync(db, jobId, CancellationToken.None) > 0)
        {
            cleaner.Signal();
        }
        try
        {
            await Handler(services, kind).AbandonAsync(db, jobId, reason, CancellationToken.None);
        }
        catch (InvalidOperationException e)
        {
            logger.LogWarning(e, "No handler to abandon job {Job} of kind {Kind}", jobId, kind);
        }
    }

    private static IJobHandler Handler(IServiceProvider services, string kind) =>
        services.GetServices<IJobHandler>().FirstOrDefault(h => h.Kind == kind)
        ?? throw new InvalidOperationException($"No handler runs jobs of kind \"{kind}\".");

    internal static void DeleteDirectory(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Retried by the clean-up at the next start.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
