using LabelStudio.Core.Results;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using Microsoft.EntityFrameworkCore;
using static LabelStudio.Data.Labeling.LabelingRules;

namespace LabelStudio.Data.Labeling;

/// <summary>
/// The rater's unfinished answers, one per (task, rater), saved as they work. A draft is not validated beyond its shape:
/// it is work in progress, checked when it is submitted. Only its owner reads or writes it. Saving is idempotent by
/// nature (the caller's one row on the task is replaced), so drafts take no idempotency key. Writes queue for the
/// database's writer like a submit (<see cref="WriteLock"/>): autosave must not wait behind an import in SQLite.
/// </summary>
public sealed class DraftService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, WriteLock writeLock)
{
    /// <summary>Largest draft accepted, in characters of result JSON (a 3,000-word text with every word marked fits).</summary>
    public const int MaxResultLength = 2_000_000;

    public async Task<DraftView?> GetAsync(long taskId, Actor actor, CancellationToken ct = default)
    {
        var userId = actor.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await LoadTaskAsync(db, taskId, userId, ct);
        return await FindAsync(db, taskId, userId, ct);
    }

    public async Task<DraftView> SaveAsync(long taskId, DraftRequest request, Actor actor, CancellationToken ct = default)
    {
        var userId = actor.RequireUserId();
        RequireFiniteLeadTime(request.LeadTimeSeconds);
        var json = ResultJson.Serialize(request.Result);
        if (json.Length > MaxResultLength)
        {
            throw new DomainValidationException(new Dictionary<string, string[]>
            {
                ["result"] = [$"The draft is too large ({json.Length:N0} characters of JSON; at most {MaxResultLength:N0})."],
            });
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (task, _) = await LoadTaskAsync(db, taskId, userId, ct);
        if (request.RevisesId is { } revises
            && !await db.Annotations.AnyAsync(a => a.Id == revises && a.TaskId == taskId && a.UserId == userId, ct))
        {
            throw new DomainValidationException(new Dictionary<string, string[]>
            {
                ["revises_id"] = [$"Annotation {revises} is not one of your answers on task {taskId}."],
            });
        }
        var now = clock.GetUtcNow().UtcDateTime;
        return await WithRetryAsync(async () =>
        {
            await using var write = await dbFactory.CreateDbContextAsync(ct);
            using var writing = await writeLock.EnterAsync(ct);
            var draft = await write.Drafts.FirstOrDefaultAsync(d => d.TaskId == taskId && d.UserId == userId, ct);
            if (draft is null)
            {
                draft = new Draft { TaskId = taskId, ProjectId = task.ProjectId, UserId = userId };
                write.Drafts.Add(draft);
            }
            draft.ResultJson = json;
            draft.NoEntitiesJson = SerializeNames(request.NoEntities);
            draft.RevisesId = request.RevisesId;
            draft.LeadTimeSeconds = Math.Max(0, request.LeadTimeSeconds);
            draft.UpdatedAt = now;
            await write.SaveChangesAsync(ct);
            return ToView(draft);
        });
    }

    public async Task DeleteAsync(long taskId, Actor actor, CancellationToken ct = default)
    {
        var userId = actor.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await LoadTaskAsync(db, taskId, userId, ct);
        using var writing = await writeLock.EnterAsync(ct);
        await db.Drafts.Where(d => d.TaskId == taskId && d.UserId == userId).ExecuteDeleteAsync(ct);
    }

    internal static async Task<DraftView?> FindAsync(AppDbContext db, long taskId, string userId, CancellationToken ct)
    {
        var draft = await db.Drafts.AsNoTracking().FirstOrDefaultAsync(d => d.TaskId == taskId && d.UserId == userId, ct);
        return draft is null ? null : ToView(draft);
    }

    private static DraftView ToView(Draft d) =>
        new(d.TaskId, ParseResult(d.ResultJson), ParseNames(d.NoEntitiesJson), d.RevisesId, d.LeadTimeSeconds, d.UpdatedAt);
}
