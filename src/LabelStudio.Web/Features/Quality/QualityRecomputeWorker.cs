using LabelStudio.Data.Quality;
using LabelStudio.Quality;

namespace LabelStudio.Web.Features.Quality;

/// <summary>
/// Drains <see cref="QualityRecomputeQueue"/>: waits until a project has been quiet for the debounce time, then runs
/// its recompute. One project at a time, so a recompute never competes with another for the database; submits only
/// enqueue and never wait for it.
/// </summary>
internal sealed class QualityRecomputeWorker(QualityRecomputeQueue queue, QualityRecomputeState state, IServiceScopeFactory scopes,
    ILogger<QualityRecomputeWorker> logger) : BackgroundService
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
            queue.Remove(projectId);
            await RunAsync(projectId, stoppingToken);
        }
    }

    private async Task RunAsync(long projectId, CancellationToken ct)
    {
        var started = DateTime.UtcNow;
        state.Started(projectId, started);
        string? error = null;
        long duration = 0;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var snapshot = await scope.ServiceProvider.GetRequiredService<QualityRecomputer>().RecomputeAsync(projectId, ct);
            duration = snapshot?.DurationMs ?? (long)(DateTime.UtcNow - started).TotalMilliseconds;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Quality recompute of project {Project} failed", projectId);
            error = "The last recompute failed; see the server log.";
            duration = (long)(DateTime.UtcNow - started).TotalMilliseconds;
        }
        state.Finished(projectId, DateTime.UtcNow, duration, error);
    }
}
