using LabelStudio.Data.Common;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Database;
using LabelStudio.Data.Labeling;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Review;

/// <summary>Counts for the review and quality pages (leads and administrators).</summary>
public sealed class ReviewStatsService(IDbContextFactory<AppDbContext> dbFactory, LabelingConfigCache configs, GoldCheckService goldChecks)
{
    public async Task<ReviewSummary> SummaryAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await QualityService.RequireLeadAsync(db, projectId, actor, ct);
        var states = await db.TaskOutcomes.AsNoTracking().Where(o => o.ProjectId == projectId)
            .GroupBy(o => o.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var latest = db.Resolutions.Where(r => r.ProjectId == projectId).GroupBy(r => r.TaskId).Select(g => g.Max(r => r.Id));
        var sentBack = await db.Resolutions.CountAsync(r => latest.Contains(r.Id) && r.Decision == ResolutionDecision.MoreRatings
                                                           && db.TaskOutcomes.Any(o => o.TaskId == r.TaskId && o.State == TaskOutcomeState.Open), ct);
        var paused = (await goldChecks.ListAsync(projectId, actor, ct)).Where(s => s.Paused).ToList();
        return new ReviewSummary(states.GetValueOrDefault(TaskOutcomeState.Conflict), states.GetValueOrDefault(TaskOutcomeState.Resolved),
            states.GetValueOrDefault(TaskOutcomeState.Invalid), sentBack, await OverlapAsync(db, project, ct), paused);
    }

    internal static async Task<DynamicOverlapStats> OverlapAsync(AppDbContext db, Project project, CancellationToken ct)
    {
        var rows = await (from t in db.Tasks.AsNoTracking()
                          where t.ProjectId == project.Id && t.AutoExtraRatings > 0
                          join o in db.TaskOutcomes on t.Id equals o.TaskId into outcomes
                          from o in outcomes.DefaultIfEmpty()
                          group new { t.AutoExtraRatings, State = o == null ? TaskOutcomeState.Open : o.State, t.IsComplete }
                              by new { State = o == null ? TaskOutcomeState.Open : o.State, t.IsComplete } into g
                          select new { g.Key.State, g.Key.IsComplete, Tasks = g.Count(), Extra = g.Sum(x => x.AutoExtraRatings) }).ToListAsync(ct);
        int Count(Func<TaskOutcomeState, bool> state) => rows.Where(r => state(r.State)).Sum(r => r.Tasks);
        return new DynamicOverlapStats(project.AutoExtraRatings, rows.Sum(r => r.Tasks), Count(s => s == TaskOutcomeState.Agreed),
            Count(s => s is TaskOutcomeState.Conflict or TaskOutcomeState.Resolved or TaskOutcomeState.Invalid),
            Count(s => s == TaskOutcomeState.Open), rows.Sum(r => r.Extra));
    }

    /// <summary>For each rater: on tasks a lead resolved with an answer, how often the rater's answer was the final one.</summary>
    public async Task<IReadOnlyList<RaterResolutionStats>> ResolutionsByRaterAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await QualityService.RequireLeadAsync(db, projectId, actor, ct);
        var controls = ConsensusControl.From(configs.Get(project.Id, project.LabelConfigVersion, project.LabelConfigXml));
        var latest = db.Resolutions.Where(r => r.ProjectId == projectId).GroupBy(r => r.TaskId).Select(g => g.Max(r => r.Id));
        var finals = await db.Resolutions.AsNoTracking()
            .Where(r => latest.Contains(r.Id) && (r.Decision == ResolutionDecision.Accept || r.Decision == ResolutionDecision.Edit) && r.ResultJson != null)
            .Select(r => new { r.TaskId, r.ResultJson }).ToDictionaryAsync(r => r.TaskId, r => TaskOutcomeService.ParseResult(r.ResultJson!), ct);
        var taskIds = finals.Keys.ToList();
        var answers = await db.CurrentRatings().AsNoTracking().Where(a => a.ProjectId == projectId && taskIds.Contains(a.TaskId))
            .Select(a => new { a.TaskId, Key = RaterKeys.Of(a.UserId, a.ImportedRaterId), a.ResultJson }).ToListAsync(ct);
        var names = await RaterDirectory.LoadAsync(db, answers.Select(a => a.Key), ct);
        return [.. answers.GroupBy(a => a.Key).Select(g =>
            {
                var upheld = g.Count(a => AnswerComparison.Matches(controls, TaskOutcomeService.ParseResult(a.ResultJson), finals[a.TaskId]));
                return new RaterResolutionStats(g.Key, names[g.Key].Name, g.Count(), upheld, g.Count() - upheld);
            }).OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)];
    }
}
