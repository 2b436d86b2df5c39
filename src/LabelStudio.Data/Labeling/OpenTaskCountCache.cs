using System.Collections.Concurrent;

namespace LabelStudio.Data.Labeling;

/// <summary>
/// The number of open tasks per project, reused for a few seconds. Counting a million-task project costs tens of
/// milliseconds, and the rater's "remaining" counter only needs it approximately; the rater's own answers are
/// subtracted live, so their counter still moves on every submit.
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

    /// <summary>Forgets a project's count (a batch was just published into it).</summary>
    public void Invalidate(long projectId) => _counts.TryRemove(projectId, out _);
}
