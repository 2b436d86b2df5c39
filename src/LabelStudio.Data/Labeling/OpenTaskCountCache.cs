using System.Collections.Concurrent;

namespace LabelStudio.Data.Labeling;

/// <summary>
/// The number of open tasks per project, reused for a few seconds: counting a million-task project costs about a
/// hundred milliseconds, too much for every next-task request. It stays exact because every submit that completes a
/// task drops the project's entry (<see cref="Invalidate"/>); the few seconds only bound how long a change made by
/// another process (a command-line import) takes to show.
/// </summary>
public sealed class OpenTaskCountCache(TimeProvider clock)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(3);
    private readonly ConcurrentDictionary<long, (int Count, DateTimeOffset At)> _counts = new();

    public async Task<int> GetAsync(long projectId, Func<Task<int>> count)
    {
        var now = clock.GetUtcNow();
        if (_counts.TryGetValue(projectId, out var cached) && now - cached.At < MaxAge) return cached.Count;
        var fresh = await count();
        _counts[projectId] = (fresh, now);
        return fresh;
    }

    /// <summary>Forgets a project's count (a task completed or reopened, or a batch was published into it).</summary>
    public void Invalidate(long projectId) => _counts.TryRemove(projectId, out _);
}
