using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Identity;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Audit;

/// <summary>
/// Writes the audit log. One line at the call site:
/// <c>await audit.RecordAsync(AuditActions.GoldSet, actor, AuditTarget.Task(taskId), "comment", projectId, ct);</c>
/// (its own small transaction), or <see cref="AddAsync"/> to write the event in the caller's transaction.
/// The client address and user agent come from the scoped <see cref="AuditOrigin"/>.
/// </summary>
public sealed class AuditLog(IDbContextFactory<AppDbContext> dbFactory, AuditOrigin origin, UserAccessCache users, TimeProvider clock)
{
    public const int MaxDetailsLength = 2000;
    public const int MaxUserAgentLength = 512;

    public async Task RecordAsync(string action, Actor actor, AuditTarget? target = null, string? details = null,
        long? projectId = null, CancellationToken ct = default, string? actorEmail = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AddAsync(db, action, actor, target, details, projectId, ct, actorEmail);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Adds the event to <paramref name="db"/>; it is written by the caller's next SaveChanges.</summary>
    public async Task AddAsync(AppDbContext db, string action, Actor actor, AuditTarget? target = null, string? details = null,
        long? projectId = null, CancellationToken ct = default, string? actorEmail = null)
    {
        if (actorEmail is null && actor.UserId is { } userId)
        {
            actorEmail = (await users.GetAsync(userId, ct))?.Email;
        }
        db.AuditEvents.Add(new AuditEvent
        {
            OccurredAt = clock.GetUtcNow().UtcDateTime,
            ActorId = actor.UserId,
            ActorEmail = Truncate(actorEmail, 256),
            Action = action,
            TargetType = target?.Type,
            TargetId = target?.Id,
            ProjectId = projectId,
            Details = Truncate(details, MaxDetailsLength),
            IpAddress = Truncate(origin.IpAddress, 64),
            UserAgent = Truncate(origin.UserAgent, MaxUserAgentLength),
        });
    }

    private static string? Truncate(string? value, int max) =>
        value is null || value.Length <= max ? value : value[..max];
}
