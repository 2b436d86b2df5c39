using LabelStudio.Data.Database;
using LabelStudio.Data.Quality;
using LabelStudio.Data.Review;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// The inputs of <see cref="FinalLabels.Derive"/> as they stood at a version's watermarks: per rater the latest annotation
/// revision not above the annotation watermark, the latest resolution and gold answer not above theirs, and the outcome
/// from the history (<see cref="TaskOutcomeRevision"/>) as of the outcome watermark. Building a version and reproducing
/// it both read through here, so a rebuild sees exactly what the build saw, whatever was labeled since.
/// </summary>
public static class FinalLabelInputsAsOf
{
    public static async Task<IReadOnlyList<FinalLabelInputs>> LoadAsync(AppDbContext db, IReadOnlyList<string> controls, long[] taskIds,
        DatasetWatermarks marks, CancellationToken ct)
    {
        var outcomes = await OutcomeHistory.AsOfAsync(db, taskIds, marks.Outcome, ct);
        var latestResolutions = db.Resolutions.Where(r => taskIds.Contains(r.TaskId) && r.Id <= marks.Resolution)
            .GroupBy(r => r.TaskId).Select(g => g.Max(r => r.Id));
        var resolutions = await db.Resolutions.AsNoTracking().Where(r => latestResolutions.Contains(r.Id)).ToDictionaryAsync(r => r.TaskId, ct);
        var latestGold = db.GoldAnswers.Where(g => taskIds.Contains(g.TaskId) && g.Id <= marks.Gold)
            .GroupBy(g => g.TaskId).Select(g => g.Max(x => x.Id));
        var gold = await db.GoldAnswers.AsNoTracking().Where(g => latestGold.Contains(g.Id) && !g.IsRetracted)
            .Select(g => new { g.Id, g.TaskId, g.ResultJson, g.Source }).ToDictionaryAsync(g => g.TaskId, ct);
        // The current ratings at the watermark, picked here as CurrentRatings() picks them now: per task and rater (or
        // imported rater) the highest revision, then skips and authorless imports left out.
        var annotations = (await db.Annotations.AsNoTracking().Where(a => taskIds.Contains(a.TaskId) && a.Id <= marks.Annotation)
                .Select(a => new { a.Id, a.TaskId, a.UserId, a.ImportedRaterId, a.Revision, a.WasSkipped }).ToListAsync(ct))
            .GroupBy(a => (a.TaskId, a.UserId, a.ImportedRaterId))
            .Select(g => g.MaxBy(a => a.Revision)!)
            .Where(a => !a.WasSkipped && (a.UserId != null || a.ImportedRaterId != null))
            .OrderBy(a => a.Id)
            .ToLookup(a => a.TaskId, a => a.Id);
        var list = new List<FinalLabelInputs>(taskIds.Length);
        foreach (var taskId in taskIds)
        {
            OutcomeFact? outcome = outcomes.TryGetValue(taskId, out var o)
                ? FinalLabelService.ToOutcomeFact(o.State, o.ConsensusResultJson, o.DetailsJson, o.Method)
                : null;
            ResolutionFact? resolution = resolutions.TryGetValue(taskId, out var r) ? FinalLabelService.ToFact(r) : null;
            GoldFact? goldFact = gold.TryGetValue(taskId, out var g) ? FinalLabelService.ToGoldFact(g.Id, g.ResultJson, g.Source) : null;
            list.Add(new FinalLabelInputs(taskId, controls, outcome, resolution, goldFact, [.. annotations[taskId]]));
        }
        return list;
    }
}
