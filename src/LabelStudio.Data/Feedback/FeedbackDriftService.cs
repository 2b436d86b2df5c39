using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Feedback;

/// <summary>The drift of click evidence of every ingest of a project, newest first (administrators, like all of click feedback).</summary>
public sealed class FeedbackDriftService(IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>One ingest's drift: its click-through and θ by rank against the evidence before it.</summary>
    public sealed record Entry(long IngestId, string FileName, DateTime StartedAt, FeedbackIngestState State, FeedbackDrift Drift);

    public async Task<IReadOnlyList<Entry>> GetHistoryAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        ProjectService.RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct)) throw new NotFoundException($"Project {projectId} does not exist.");
        var rows = await db.FeedbackIngests.AsNoTracking()
            .Where(i => i.ProjectId == projectId && i.Kind == FeedbackIngest.IngestKind && i.State != FeedbackIngestState.Running)
            .OrderByDescending(i => i.Id).Take(50)
            .Select(i => new { i.Id, i.FileName, i.StartedAt, i.State, i.DriftJson }).ToListAsync(ct);
        return rows.Select(r => new Entry(r.Id, r.FileName, r.StartedAt, r.State, FeedbackJson.Read<FeedbackDrift>(r.DriftJson)))
            .Where(e => e.Drift.Own.Count > 0).ToList();
    }
}
