using System.Collections.Concurrent;
using LabelStudio.Data.Database;
using LabelStudio.Data.Import;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Labeling;

/// <summary>
/// The number of visible open tasks per project, for the rater's "remaining" counter. Counting walks every open task
/// of the project, staged ones included (a hundred milliseconds and more while a million-task import is staged), so it
/// is never done per request: a submit that completes a task takes one off the cached number
/// (<see cref="TaskCompleted"/>), changes that move many tasks drop the entry (<see cref="Invalidate"/>), and a number
/// older than a few seconds (it may miss a change made by another process, such as a command-line import) is served
/// while one background count replaces it. Only a project with no number at all waits for a count, and concurrent
/// requests share that one count.
/// </summary>
public sealed class OpenTaskCountCache(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(3);
    private readonly ConcurrentDictionary<long, Entry> _entries = new();

    public async Task<int> GetAsync(long projectId, CancellationToken ct)
    {
        var entry = _entries.GetOrAdd(projectId, _ => new Entry());
        Task<int>? counting;
        lock (entry)
        {
            if (entry.Known && clock.GetUtcNow() - entry.At < MaxAge) return entry.Count;
            counting = entry.Counting ??= CountAsync(projectId, entry);
            if (entry.Known) return entry.Count; // stale: served while the background count runs
        }
        return await counting.WaitAsync(ct);
    }

    /// <summary>A task of the project was completed (after its commit): one open task fewer.</summary>
    public void TaskCompleted(long projectId)
    {
        if (!_entries.TryGetValue(projectId, out var entry)) return;
        lock (entry)
        {
            entry.Completed++;
            if (entry.Known) entry.Count = Math.Max(0, entry.Count - 1);
        }
    }

    /// <summary>Forgets a project's count (tasks reopened, withdrawn or resolved, or a batch was published into it).</summary>
    public void Invalidate(long projectId) => _entries.TryRemove(projectId, out _);

    private Task<int> CountAsync(long projectId, Entry entry) => Task.Run(async () =>
    {
        try
        {
            long completedBefore;
            lock (entry) completedBefore = entry.Completed;
            var fresh = await CountNowAsync(projectId);
            lock (entry)
            {
                // Tasks completed while counting committed after the count's snapshot began (a submit commits before
                // it reports), so the count still has them as open.
                entry.Count = Math.Max(0, fresh - (int)(entry.Completed - completedBefore));
                entry.At = clock.GetUtcNow();
                entry.Known = true;
                entry.Counting = null;
                return entry.Count;
            }
        }
        catch
        {
            lock (entry) entry.Counting = null;
            throw;
        }
    });

    /// <summary>Open tasks minus the hidden ones (a batch being imported), read in one snapshot.</summary>
    private async Task<int> CountNowAsync(long projectId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var tx = await ReadSnapshot.BeginAsync(db, CancellationToken.None);
        // A variable, not a literal: "IsComplete = @p" seeks the (ProjectId, IsComplete, ...) index.
        var incomplete = false;
        var open = await db.Tasks.IgnoreQueryFilters().CountAsync(t => t.ProjectId == projectId && t.IsComplete == incomplete);
        var hidden = await StagedBatches.HiddenTaskCountAsync(db, projectId, CancellationToken.None);
        await tx.CommitAsync();
        return open - hidden;
    }

    private sealed class Entry
    {
        public bool Known { get; set; }
        public int Count { get; set; }
        public DateTimeOffset At { get; set; }
        /// <summary>Tasks completed since the entry was made.</summary>
        public long Completed { get; set; }
        public Task<int>? Counting { get; set; }
    }
}
