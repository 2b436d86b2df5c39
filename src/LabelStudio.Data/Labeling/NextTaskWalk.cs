using LabelStudio.Data.Database;
using LabelStudio.Data.Import;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Labeling;

/// <summary>
/// How a rater's next task is found: closest to completion first, so ratings complete task by task; then the project's
/// order. One indexed walk per completion level, because a single ORDER BY CompletedCount DESC, Id would sort every open
/// task (seconds at a million tasks). The walk never goes past <see cref="WalkPlan.Bound"/>: tasks of a batch still
/// being imported sit after every visible task in id order, so it stops at the first of them instead of stepping over a
/// million.
/// </summary>
/// <remarks>
/// On SQLite the walk names its index (<c>INDEXED BY</c>) rather than leave the choice to the planner. The planner's
/// statistics describe the project when they were taken: after an import every task is open at level 0, so the
/// completion columns look worthless and it walked the table by id instead, stepping over every completed task on every
/// request (rater requests 5 to 10 times slower once statistics existed). For random order it sorted the whole level.
/// The walk's best index does not depend on the data, so it is not left to statistics.
/// </remarks>
internal static class NextTaskWalk
{
    /// <summary>Open tasks of a project by completion level, then id: the sequential walk, with no sort.</summary>
    internal const string SequentialIndex = "IX_Tasks_ProjectId_IsComplete_CompletedCount_Id";

    /// <summary>Open tasks of a project by completion level, then random key (then id, SQLite's row id): the random walk.</summary>
    internal const string RandomIndex = "IX_Tasks_ProjectId_IsComplete_CompletedCount_RandomKey";

    private const string SequentialSql = "SELECT * FROM \"Tasks\" INDEXED BY \"" + SequentialIndex + "\"";
    private const string RandomSql = "SELECT * FROM \"Tasks\" INDEXED BY \"" + RandomIndex + "\"";

    /// <summary>
    /// The task to give this rater, or null when none is left. Call it inside the write transaction: the highest level
    /// is read here, since one read earlier could be too low (another rater's submit meanwhile lifts a task above it,
    /// and a walk that starts below a task never reaches it).
    /// </summary>
    public static async Task<long?> FindCandidateAsync(AppDbContext db, Project project, string userId, WalkPlan walk,
        DateTime now, CancellationToken ct)
    {
        // The highest level of any open task below the bound, hidden ones included: an index seek, where the same with
        // hidden rows left out is a scan. Too high a start costs the walk one empty level, never a task.
        var bound = walk.Bound;
        var top = await OpenTasks(db, project.Id).Where(t => t.Id < bound).MaxAsync(t => (int?)t.CompletedCount, ct) ?? -1;
        for (var level = top; level >= 0; level--)
        {
            var id = await CandidatesAt(db, project, userId, walk, level, now).FirstOrDefaultAsync(ct);
            if (id is not null) return id;
        }
        return null;
    }

    /// <summary>The tasks at one completion level this rater may take, in the order they are offered.</summary>
    internal static IQueryable<long?> CandidatesAt(AppDbContext db, Project project, string userId, WalkPlan walk,
        int level, DateTime now)
    {
        var random = project.Order == TaskOrder.Random;
        var open = walk.Apply(OpenTasks(db, project.Id, random ? RandomSql : SequentialSql));
        var candidates = open.Where(t => t.CompletedCount == level
            && t.CompletedCount + db.Reservations.Count(r => r.TaskId == t.Id && r.ExpiresAt > now) < t.RequiredRatings
            && !db.Annotations.IgnoreQueryFilters().Any(a => a.TaskId == t.Id && a.UserId == userId));
        var ordered = random
            ? candidates.OrderBy(t => t.RandomKey).ThenBy(t => t.Id)
            : candidates.OrderBy(t => t.Id);
        return ordered.Select(t => (long?)t.Id);
    }

    /// <summary>
    /// What the walk needs to know, read before the write transaction (a read never waits on the writer): the batches
    /// not to serve (being imported, or discarded) and an id to stop at. Read early, it can only be cautious: a batch that starts staging after the read has ids above <see cref="WalkPlan.Bound"/>, and
    /// one published meanwhile is served from the next call on.
    /// </summary>
    public static async Task<WalkPlan> ReadAsync(AppDbContext db, long projectId, CancellationToken ct)
    {
        var hidden = await db.ImportBatches.Where(b => b.ProjectId == projectId && b.State != ImportBatchState.Published)
            .Select(b => new { b.Id, b.State }).ToListAsync(ct);
        // Ids grow across every table insert, so tasks added after this read sit above the current highest id.
        var bound = (await db.Tasks.IgnoreQueryFilters().MaxAsync(t => (long?)t.Id, ct) ?? 0) + 1;
        if (hidden.FirstOrDefault(b => b.State == ImportBatchState.Staging) is { } staging
            && await db.Tasks.IgnoreQueryFilters().Where(t => t.ImportBatchId == staging.Id).MinAsync(t => (long?)t.Id, ct) is { } first)
        {
            bound = Math.Min(bound, first);
        }
        // Only batches with rows below the bound need naming: the bound already passes by the rest (the batch being
        // staged, whatever the clean-up already deleted). Naming a batch costs a table lookup per open task the
        // queries visit, and SQLite then walks the project by id (30,000 lookups for a 30,000-task project, on
        // every next) instead of seeking the completion index.
        var named = new List<long?>();
        foreach (var batch in hidden)
        {
            var id = batch.Id;
            if (await db.Tasks.IgnoreQueryFilters().AnyAsync(t => t.ImportBatchId == id && t.Id < bound, ct)) named.Add(id);
        }
        return new WalkPlan(named, bound);
    }

    /// <summary>
    /// A project's open tasks, visible or not: visibility is the caller's business (see <see cref="WalkPlan.Apply"/> and
    /// the rater's progress), since the filter would cost a lookup per row. <paramref name="sqliteSource"/> names the
    /// index SQLite must walk.
    /// </summary>
    internal static IQueryable<LabelTask> OpenTasks(AppDbContext db, long projectId, string? sqliteSource = null)
    {
        var tasks = sqliteSource is not null && db.IsSqlite ? db.Tasks.FromSqlRaw(sqliteSource) : db.Tasks;
        // A variable, not a literal: EF turns "!IsComplete" into NOT(IsComplete), which SQLite cannot seek in an
        // index; "IsComplete = @p" walks (ProjectId, IsComplete, CompletedCount, Id) directly.
        var incomplete = false;
        return tasks.IgnoreQueryFilters().Where(t => t.ProjectId == projectId && t.IsComplete == incomplete);
    }

    /// <summary>The batches to leave out and the id to stop before.</summary>
    internal sealed record WalkPlan(IReadOnlyList<long?> HiddenBatches, long Bound)
    {
        public IQueryable<LabelTask> Apply(IQueryable<LabelTask> open)
        {
            var bound = Bound;
            if (HiddenBatches.Count == 0) return open.Where(t => t.Id < bound);
            var hidden = HiddenBatches;
            return open.Where(t => t.Id < bound && !hidden.Contains(t.ImportBatchId));
        }
    }
}
