using LabelStudio.Data.Jobs;
using Microsoft.Extensions.Options;

namespace LabelStudio.Web.Features.Jobs;

/// <summary>
/// Runs the jobs queued by this server, <see cref="JobOptions.MaxConcurrency"/> at a time, and marks them alive every
/// few seconds. Shutdown cancels the running ones: they end Failed ("interrupted") with what they staged discarded.
/// </summary>
internal sealed class JobRunner(JobQueue queue, JobExecutor executor, JobService jobs, IOptions<JobOptions> options,
    ILogger<JobRunner> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = Enumerable.Range(0, options.Value.MaxConcurrency).Select(_ => WorkAsync(stoppingToken));
        return Task.WhenAll(workers.Append(HeartbeatAsync(stoppingToken)));
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var jobId in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await executor.RunQueuedAsync(jobId, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(e, "The job runner could not run job {Job}", jobId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task HeartbeatAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.HeartbeatSeconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await jobs.HeartbeatAsync(stoppingToken);
                }
                catch (System.Data.Common.DbException e)
                {
                    logger.LogWarning(e, "Could not mark this server's jobs alive");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
