using System.Text.Json;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Projects;
using LabelStudio.Quality;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Quality;

/// <summary>Opens and closes the <see cref="ConsensusRun"/> row of a project-level recompute.</summary>
internal static class ConsensusRunRecorder
{
    /// <summary>Records the run with the ids it is about to read, after giving older outcomes their first revision.</summary>
    public static async Task<ConsensusRun> StartAsync(AppDbContext db, Project project, DateTime now, WriteLock writeLock, CancellationToken ct)
    {
        var run = new ConsensusRun
        {
            ProjectId = project.Id,
            Method = "majority",
            SettingsJson = JsonSerializer.Serialize(new { conflictSettings = project.GetConflictSettings(), dynamicOverlap = project.AutoExtraRatings },
                QualityJson.Options),
            ConfigVersion = project.LabelConfigVersion,
            MaxAnnotationId = await db.Annotations.Where(a => a.ProjectId == project.Id).MaxAsync(a => (long?)a.Id, ct) ?? 0,
            MaxGoldId = await db.GoldAnswers.Where(g => g.ProjectId == project.Id).MaxAsync(g => (long?)g.Id, ct) ?? 0,
            MaxResolutionId = await db.Resolutions.Where(r => r.ProjectId == project.Id).MaxAsync(r => (long?)r.Id, ct) ?? 0,
            StartedAt = now,
        };
        await OutcomeHistory.BackfillAsync(db, project.Id, now, writeLock, Common.WriteHolder.Recompute, ct);
        using (await writeLock.EnterBulkAsync(Common.WriteHolder.Recompute, ct))
        {
            db.ConsensusRuns.Add(run);
            await db.SaveChangesAsync(ct);
        }
        db.ChangeTracker.Clear();
        return run;
    }

    public static async Task FinishAsync(AppDbContext db, long runId, long snapshotId, string method, RescoreCounts counts, DateTime now,
        WriteLock writeLock, CancellationToken ct)
    {
        var projectId = await db.ConsensusRuns.Where(r => r.Id == runId).Select(r => r.ProjectId).FirstAsync(ct);
        var states = (await db.TaskOutcomes.Where(o => o.ProjectId == projectId).GroupBy(o => o.State)
                .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .OrderBy(s => s.Key).ToDictionary(s => JsonNamingPolicy.SnakeCaseLower.ConvertName(s.Key.ToString()), s => s.Count);
        var statesJson = JsonSerializer.Serialize(states);
        using (await writeLock.EnterBulkAsync(Common.WriteHolder.Recompute, ct))
        {
            var watermark = await OutcomeHistory.WatermarkAsync(db, ct);
            await db.ConsensusRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Method, method)
                .SetProperty(r => r.ModelVersion, snapshotId)
                .SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.TaskCount, counts.Tasks)
                .SetProperty(r => r.ChangedCount, counts.Changed)
                .SetProperty(r => r.StateCountsJson, statesJson)
                .SetProperty(r => r.OutcomeWatermark, watermark), ct);
        }
    }
}
