using LabelStudio.Data.Import;
using LabelStudio.Data.Jobs;

namespace LabelStudio.Web.Features.Jobs;

/// <summary>
/// Deletes the rows of discarded batches and failed ingests in the background (woken when something is discarded,
/// and every minute), and now and then takes over jobs whose process died while this server runs (a command-line
/// import that was killed, say).
/// </summary>
internal sealed class CleanupWorker(StagedRowsCleaner cleaner, JobRecovery recovery, ILogger<CleanupWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await cleaner.CleanAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Cleaning up discarded rows failed; retrying later");
                }
                if (!await cleaner.WaitForWorkAsync(Every, stoppingToken))
                {
                    try
                    {
                        await recovery.RecoverAsync(stoppingToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        logger.LogWarning(e, "Looking for interrupted jobs failed; retrying later");
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
