using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Datasets;

/// <summary>Datasets belong to administrators and the project's leads; a rater of the project is refused, anyone else
/// is told the project (or version) does not exist.</summary>
internal static class DatasetAccess
{
    public static async Task<Project> RequireProjectAsync(AppDbContext db, long projectId, Actor actor, CancellationToken ct)
    {
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct)
                      ?? throw new NotFoundException($"Project {projectId} does not exist.");
        await RequireLeadAsync(db, projectId, actor, $"Project {projectId}", ct);
        return project;
    }

    public static async Task<DatasetVersion> RequireVersionAsync(AppDbContext db, long versionId, Actor actor, CancellationToken ct)
    {
        var version = await db.DatasetVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == versionId, ct)
                      ?? throw new NotFoundException($"Dataset version {versionId} does not exist.");
        await RequireLeadAsync(db, version.ProjectId, actor, $"Dataset version {versionId}", ct);
        return version;
    }

    /// <summary>The projects whose datasets the actor may see; null means every project (administrators).</summary>
    public static async Task<List<long>?> VisibleProjectsAsync(AppDbContext db, Actor actor, CancellationToken ct)
    {
        if (actor.IsAdmin) return null;
        var userId = actor.RequireUserId();
        return await db.ProjectMembers.AsNoTracking().Where(m => m.UserId == userId && m.Role == ProjectRole.Lead)
            .Select(m => m.ProjectId).ToListAsync(ct);
    }

    private static async Task RequireLeadAsync(AppDbContext db, long projectId, Actor actor, string what, CancellationToken ct)
    {
        if (actor.IsAdmin) return;
        var userId = actor.RequireUserId();
        var role = await db.ProjectMembers.AsNoTracking().Where(m => m.ProjectId == projectId && m.UserId == userId)
            .Select(m => (ProjectRole?)m.Role).FirstOrDefaultAsync(ct);
        switch (role)
        {
            case null: throw new NotFoundException($"{what} does not exist.");
            case ProjectRole.Lead: return;
            default: throw new AccessDeniedException(DatasetService.Refusal);
        }
    }
}
