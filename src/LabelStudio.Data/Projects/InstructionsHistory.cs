using LabelStudio.Core.Projects;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Projects;

/// <summary>What changed in a project's instructions since the member's last visit.</summary>
public sealed record InstructionsChange(int FromVersion, int ToVersion, DateTime ChangedAt, IReadOnlyList<DiffLine> Lines);

/// <summary>
/// Versioned instructions: every change appends an <see cref="InstructionsVersion"/>; each member remembers the version
/// they saw last, and the labeling page shows them what changed since then.
/// </summary>
public sealed class InstructionsHistory(IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>Adds the next version to the (tracked) project; the caller saves.</summary>
    internal static void Append(AppDbContext db, Project project, string markdown, string? userId, DateTime now)
    {
        project.InstructionsVersion++;
        db.InstructionsVersions.Add(new InstructionsVersion
        {
            ProjectId = project.Id, Version = project.InstructionsVersion, Markdown = markdown, CreatedAt = now, CreatedById = userId,
        });
    }

    /// <summary>
    /// The change since the member's last visit (null when there is none, or on their first visit), and records that they
    /// have now seen the current version.
    /// </summary>
    public async Task<InstructionsChange?> TakeChangeSinceLastVisitAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        var userId = actor.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Outsiders learn nothing, not even that the project exists.
        var member = await db.ProjectMembers.FirstOrDefaultAsync(m => m.ProjectId == projectId && m.UserId == userId, ct)
                     ?? throw new NotFoundException($"Project {projectId} does not exist.");
        var current = await db.Projects.Where(p => p.Id == projectId).Select(p => (int?)p.InstructionsVersion).FirstOrDefaultAsync(ct);
        if (current is not { } version || member.InstructionsSeenVersion >= version) return null;
        var seen = member.InstructionsSeenVersion;
        member.InstructionsSeenVersion = version;
        await db.SaveChangesAsync(ct);
        if (seen == 0) return null;
        var texts = await db.InstructionsVersions.AsNoTracking()
            .Where(v => v.ProjectId == projectId && (v.Version == seen || v.Version == version))
            .Select(v => new { v.Version, v.Markdown, v.CreatedAt }).ToListAsync(ct);
        var before = texts.FirstOrDefault(t => t.Version == seen)?.Markdown ?? "";
        var after = texts.FirstOrDefault(t => t.Version == version);
        if (after is null) return null;
        return new InstructionsChange(seen, version, after.CreatedAt, LineDiff.Compute(before, after.Markdown));
    }
}
