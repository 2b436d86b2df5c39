using System.Runtime.CompilerServices;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Audit;

/// <summary>Reads the audit log (administrators only): pages for the screen and the API, a stream for the CSV download.</summary>
public sealed class AuditReader(IDbContextFactory<AppDbContext> dbFactory)
{
    public const int MaxPageSize = 200;

    public async Task<AuditEventPage> SearchAsync(AuditFilter filter, int page, int pageSize, Actor actor, CancellationToken ct = default)
    {
        Check(filter, actor);
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var events = Filter(db, filter);
        var total = await events.CountAsync(ct);
        var items = await ToViews(Joined(db, events).OrderByDescending(r => r.Event.Id).Skip((page - 1) * pageSize).Take(pageSize))
            .ToListAsync(ct);
        return new AuditEventPage(page, pageSize, total, items);
    }

    public async IAsyncEnumerable<AuditEventView> StreamAsync(AuditFilter filter, Actor actor,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        Check(filter, actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = ToViews(Joined(db, Filter(db, filter)).OrderByDescending(r => r.Event.Id));
        await foreach (var e in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return e;
        }
    }

    /// <summary>Throws unless the caller may read the log and the filter makes sense (before a download starts).</summary>
    public static void Check(AuditFilter filter, Actor actor)
    {
        ProjectService.RequireAdmin(actor);
        if (filter.Action is { Length: > 0 } action && !AuditActions.All.Contains(action))
        {
            throw new DomainValidationException($"\"{action}\" is not an audit action; use one of {string.Join(", ", AuditActions.All)}.");
        }
        if (filter is { From: { } from, To: { } to } && to <= from)
        {
            throw new DomainValidationException("The end of the date range must be after its start.");
        }
    }

    private static IQueryable<AuditEvent> Filter(AppDbContext db, AuditFilter filter)
    {
        var events = db.AuditEvents.AsNoTracking();
        if (!string.IsNullOrEmpty(filter.UserId))
        {
            var userId = filter.UserId;
            events = events.Where(e => e.ActorId == userId || (e.TargetType == "User" && e.TargetId == userId));
        }
        if (!string.IsNullOrEmpty(filter.Action)) events = events.Where(e => e.Action == filter.Action);
        if (filter.ProjectId is { } projectId) events = events.Where(e => e.ProjectId == projectId);
        if (filter.From is { } from) events = events.Where(e => e.OccurredAt >= from);
        if (filter.To is { } to) events = events.Where(e => e.OccurredAt < to);
        return events;
    }

    // Member initialisation (not a constructor) so EF can still order and page on the joined row.
    private sealed class Row
    {
        public required AuditEvent Event { get; init; }
        public string? TargetName { get; init; }
        public string? ProjectName { get; init; }
    }

    private static IQueryable<Row> Joined(AppDbContext db, IQueryable<AuditEvent> events) =>
        from e in events
        join u in db.Users on e.TargetId equals u.Id into targets
        from target in targets.DefaultIfEmpty()
        join p in db.Projects on e.ProjectId equals (long?)p.Id into projects
        from project in projects.DefaultIfEmpty()
        select new Row
        {
            Event = e,
            TargetName = e.TargetType == "User" && target != null ? target.Email : null,
            ProjectName = project == null ? null : project.Name,
        };

    private static IQueryable<AuditEventView> ToViews(IQueryable<Row> rows) =>
        rows.Select(r => new AuditEventView(r.Event.Id, r.Event.OccurredAt, r.Event.ActorId, r.Event.ActorEmail, r.Event.Action,
            r.Event.TargetType, r.Event.TargetId, r.TargetName, r.Event.ProjectId, r.ProjectName, r.Event.Details,
            r.Event.IpAddress, r.Event.UserAgent));
}
