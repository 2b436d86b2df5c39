using System.Text.Json;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Quality;

/// <summary>A project's consensus runs, newest first (the project's leads and administrators).</summary>
public sealed class ConsensusRunService(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<IReadOnlyList<ConsensusRunView>> ListAsync(long projectId, Actor actor, int limit = 50, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await QualityService.RequireLeadAsync(db, projectId, actor, ct);
        var runs = await db.ConsensusRuns.AsNoTracking().Where(r => r.ProjectId == projectId).OrderByDescending(r => r.Id)
            .Take(Math.Clamp(limit, 1, 500)).ToListAsync(ct);
        return [.. runs.Select(r => new ConsensusRunView(r.Id, r.Method, r.ModelVersion, r.ConfigVersion, r.MaxAnnotationId, r.MaxGoldId,
            r.MaxResolutionId, r.StartedAt, r.FinishedAt, r.TaskCount, r.ChangedCount,
            JsonSerializer.Deserialize<Dictionary<string, int>>(r.StateCountsJson) ?? [], r.SettingsJson))];
    }
}
