using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LabelStudio.Data.Quality;

/// <summary>
/// Runs the queued recomputes, one at a time across projects (a recompute never competes with another for the
/// database): the web host's worker once a project has been quiet for the debounce time, and a dataset build at once
/// when its project still owes one (<see cref="BringUpToDateAsync"/>).
/// </summary>
public sealed class QualityRecomputeRunner(QualityRecomputeQueue queue, QualityRecomputeState state, IServiceScopeFactory scopes,
    ILogger<QualityRecomputeRunner> logger)
{
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>Runs the project's recompute if it is still queued (a build may have run it meanwhile); errors are logged.</summary>
    public async Task RunQueuedAsync(long projectId, CancellationToken ct)
    {
        await _one.WaitAsync(ct);
        try
        {
            if (!queue.IsPending(projectId)) return;
            var error = await RunAsync(projectId, ct);
            if (error is not null) logger.LogError(error, "Quality recompute of project {Project} failed", projectId);
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>
    /// Waits for a recompute of the project that is running and runs the one still queued, so that the outcomes account
    /// for every answer, resolution and gold answer committed before the call (each of them queues a recompute after its
    /// commit). A recompute that fails is queued again and fails the caller.
    /// </summary>
    public async Task BringUpToDateAsync(long projectId, CancellationToken ct)
    {
        if (!queue.IsPending(projectId) && !state.Get(projectId).Running) return;
        await _one.WaitAsync(ct);
        try
        {
            if (!queue.IsPending(projectId)) return;
            if (await RunAsync(projectId, ct) is { } error)
            {
                queue.Request(projectId, now: true);
                throw new InvalidOperationException(
                    $"The consensus of project {projectId} could not be brought up to date: {error.Message}", error);
            }
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>Takes the project off the queue and recomputes it; the exception it failed with, or null.</summary>
    private async Task<Exception?> RunAsync(long projectId, CancellationToken ct)
    {
        var started = DateTime.UtcNow;
        // Running before it leaves the queue: a build that checks in between sees one or the other.
        state.Started(projectId, started);
        queue.Remove(projectId);
        Exception? error = null;
        long duration;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var snapshot = await scope.ServiceProvider.GetRequiredService<QualityRecomputer>().RecomputeAsync(projectId, ct);
            duration = snapshot?.DurationMs ?? (long)(DateTime.UtcNow - started).TotalMilliseconds;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Cancelled (shutdown, a cancelled build): what it was asked for is still owed.
            queue.Request(projectId, now: true);
            state.Finished(projectId, DateTime.UtcNow, (long)(DateTime.UtcNow - started).TotalMilliseconds, null);
            throw;
        }
        catch (Exception e)
        {
            error = e;
            duration = (long)(DateTime.UtcNow - started).TotalMilliseconds;
        }
        state.Finished(projectId, DateTime.UtcNow, duration, error is null ? null : "The last recompute failed; see the server log.");
        return error;
    }
}
