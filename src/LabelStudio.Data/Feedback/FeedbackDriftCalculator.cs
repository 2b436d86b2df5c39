using LabelStudio.Data.Database;
using LabelStudio.Feedback.Drift;
using LabelStudio.Feedback.Ingest;
using LabelStudio.Feedback.Models;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Feedback;

/// <summary>
/// The drift of a new log's click evidence: its click-through and θ_k by rank against the evidence before it (the
/// summed counts of the project's standing ingests, and the θ_k of the current labels, fitted on them).
/// </summary>
internal static class FeedbackDriftCalculator
{
    public static async Task<FeedbackDrift> ComputeAsync(AppDbContext db, long projectId, ClickAggregate log, DateTime now,
        CancellationToken ct)
    {
        var own = ClickDrift.RankClicksOf(log, PositionBasedModel.Fit(log, new ModelOptions()));
        var settings = await db.FeedbackSettings.AsNoTracking().FirstOrDefaultAsync(s => s.ProjectId == projectId, ct)
                       ?? new FeedbackSettings { ProjectId = projectId };
        var earlier = await FeedbackGenerationService.EvidenceIngests(db, projectId, settings, now).OrderBy(i => i.Id)
            .Select(i => new { i.Id, i.DriftJson }).ToListAsync(ct);
        var counted = earlier.Select(e => (e.Id, Drift: FeedbackJson.Read<FeedbackDrift>(e.DriftJson)))
            .Where(e => e.Drift.Own.Count > 0).ToList();
        var thetaJson = await db.FeedbackIngests.AsNoTracking()
            .Where(i => i.ProjectId == projectId && i.State == FeedbackIngestState.Succeeded)
            .OrderByDescending(i => i.Id).Select(i => i.ThetaJson).FirstOrDefaultAsync(ct);
        var theta = FeedbackJson.Read<List<ThetaPoint>>(thetaJson);
        var before = ClickDrift.Sum(counted.Select(e => e.Drift.OwnClicks()))
            .Select(r => r with { Theta = theta.FirstOrDefault(t => t.Rank == r.Rank)?.Theta ?? double.NaN }).ToList();
        return FeedbackDrift.From(own, ClickDrift.Compare(own, before), counted.Select(e => e.Id).ToList());
    }
}
