using LabelStudio.Data.Quality;

namespace LabelStudio.Web.Features.Quality;

/// <summary>
/// Drains <see cref="QualityRecomputeQueue"/>: waits until a project has been quiet for the debounce time, then has
/// <see cref="QualityRecomputeRunner"/> run its recompute (one at a time). Submits only enqueue and never wait for it.
/// </summary>
internal sealed class QualityRecomputeWorker(QualityRecomputeQueue queue, QualityRecomputeRunner runner) : BackgroundService
{
    /// <summary>Constant submits keep moving the due time; past this the recompute runs anyway.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var projectId in queue.Reader.ReadAllAsync(stoppingToken))
        {
            var firstSeen = DateTime.UtcNow;
            while (queue.DueAt(projectId) is { } due && due > DateTime.UtcNow && DateTime.UtcNow - firstSeen < MaxWait)
            {
                await Task.Delay(due - DateTime.UtcNow, stoppingToken);
            }
            try
            {
                await runner.RunQueuedAsync(projectId, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
