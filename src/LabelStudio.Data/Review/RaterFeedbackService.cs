using LabelStudio.Data.Common;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Database;
using LabelStudio.Data.Labeling;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Review;

/// <summary>
/// "My feedback": a rater's tasks whose final label differs from their answer, with the final answer and the lead's
/// comment. Only a lead's resolution and the raters' consensus count: gold answers stay hidden from raters (gold checks
/// must look like any other task). Other raters' answers are never shown.
/// </summary>
public sealed class RaterFeedbackService(IDbContextFactory<AppDbContext> dbFactory, LabelingConfigCache configs, FinalLabelService finals,
    TimeProvider clock)
{
    /// <summary>The rater's most recent answers that are looked at (a page, not an archive).</summary>
    public const int RecentAnswers = 500;

    /// <summary>The feedback of the signed-in user; with <paramref name="markRead"/> it also becomes read.</summary>
    public async Task<FeedbackList> ListAsync(Actor actor, bool markRead, CancellationToken ct = default)
    {
        var userId = actor.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var readAt = await db.RaterFeedbackReads.AsNoTracking().Where(r => r.UserId == userId).Select(r => (DateTime?)r.ReadAt)
            .FirstOrDefaultAsync(ct);
        var decided = Decided(db);
        var answers = await db.CurrentAnnotations().AsNoTracking()
            .Where(a => a.UserId == userId && a.Source == AnnotationSource.Rater && !a.WasSkipped && decided.Contains(a.TaskId))
            .OrderByDescending(a => a.Id).Take(RecentAnswers)
            .Select(a => new Answer(a.ProjectId, a.TaskId, a.ResultJson)).ToListAsync(ct);
        var items = await CompareAsync(db, answers, readAt, ct);
        if (markRead)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var row = await db.RaterFeedbackReads.FirstOrDefaultAsync(r => r.UserId == userId, ct);
            if (row is null) db.RaterFeedbackReads.Add(new RaterFeedbackRead { UserId = userId, ReadAt = now });
            else row.ReadAt = now;
            await db.SaveChangesAsync(ct);
        }
        return new FeedbackList(items, items.Count(i => i.Unread), answers.Count);
    }

    /// <summary>How many feedback items the signed-in user has not seen (the menu badge).</summary>
    public async Task<int> UnreadCountAsync(Actor actor, CancellationToken ct = default)
    {
        if (actor.UserId is not { } userId) return 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var readAt = await db.RaterFeedbackReads.AsNoTracking().Where(r => r.UserId == userId).Select(r => (DateTime?)r.ReadAt)
            .FirstOrDefaultAsync(ct);
        var since = readAt ?? DateTime.MinValue;
        var decided = Decided(db);
        // Only tasks decided after the last visit can be unread: a resolution since then, or a rating since then
        // (correlated lookups on the task's indexes, so the cost follows the rater's own answers).
        var answers = await db.CurrentAnnotations().AsNoTracking()
            .Where(a => a.UserId == userId && a.Source == AnnotationSource.Rater && !a.WasSkipped && decided.Contains(a.TaskId)
                        && (db.Resolutions.Any(r => r.TaskId == a.TaskId && r.CreatedAt > since)
                            || db.Annotations.Any(b => b.TaskId == a.TaskId && b.Source == AnnotationSource.Rater && b.CreatedAt > since)))
            .OrderByDescending(a => a.Id).Take(RecentAnswers)
            .Select(a => new Answer(a.ProjectId, a.TaskId, a.ResultJson)).ToListAsync(ct);
        return (await CompareAsync(db, answers, readAt, ct)).Count(i => i.Unread);
    }

    private sealed record Answer(long ProjectId, long TaskId, string ResultJson);

    /// <summary>Tasks that may have a final label a rater can see: scored as agreed or conflict, or resolved by a lead.</summary>
    private static IQueryable<long> Decided(AppDbContext db) =>
        db.TaskOutcomes.Where(o => o.State == TaskOutcomeState.Agreed || o.State == TaskOutcomeState.Conflict || o.State == TaskOutcomeState.Resolved)
            .Select(o => o.TaskId);

    private async Task<List<FeedbackItem>> CompareAsync(AppDbContext db, IReadOnlyList<Answer> answers, DateTime? readAt, CancellationToken ct)
    {
        var items = new List<FeedbackItem>();
        foreach (var group in answers.GroupBy(a => a.ProjectId))
        {
            var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == group.Key, ct);
            if (project is null) continue;
            var config = configs.Get(project.Id, project.LabelConfigVersion, project.LabelConfigXml);
            var controls = ConsensusControl.From(config);
            var taskIds = group.Select(a => a.TaskId).ToList();
            var labels = await finals.DeriveAsync(db, project, taskIds, ct);
            var tasks = await (from t in db.Tasks.AsNoTracking()
                               join b in db.ImportBatches on t.ImportBatchId equals b.Id into batches
                               from b in batches.DefaultIfEmpty()
                               where taskIds.Contains(t.Id)
                               select new { t.Id, t.DataJson, t.ExternalKey, t.SourceIndex, File = b == null ? null : b.FileName })
                .ToDictionaryAsync(t => t.Id, ct);
            var lastRating = await db.Annotations.AsNoTracking()
                .Where(a => taskIds.Contains(a.TaskId) && a.Source == AnnotationSource.Rater)
                .GroupBy(a => a.TaskId).Select(g => new { TaskId = g.Key, At = g.Max(a => a.CreatedAt) }).ToDictionaryAsync(x => x.TaskId, x => x.At, ct);
            var resolutionIds = labels.Values.SelectMany(l => l.Controls).Select(c => c.ResolutionId).OfType<long>().Distinct().ToList();
            var resolutions = await (from r in db.Resolutions.AsNoTracking()
                                     join u in db.Users on r.DecidedById equals u.Id into users
                                     from u in users.DefaultIfEmpty()
                                     where resolutionIds.Contains(r.Id)
                                     select new { r.Id, r.Comment, r.CreatedAt, By = u == null ? null : u.DisplayName != "" ? u.DisplayName : u.Email })
                .ToDictionaryAsync(r => r.Id, ct);
            foreach (var answer in group)
            {
                if (!labels.TryGetValue(answer.TaskId, out var final) || !tasks.TryGetValue(answer.TaskId, out var task)) continue;
                // Raters see a lead's decision or the consensus of their peers, never gold.
                var visible = final.Controls.Where(c => c.Origin is FinalLabelOrigin.Resolution or FinalLabelOrigin.Consensus).ToList();
                if (visible.Count == 0) continue;
                var mine = TaskOutcomeService.ParseResult(answer.ResultJson);
                var finalResult = visible.SelectMany(c => c.Result).ToList();
                if (AnswerComparison.Matches(controls, mine, finalResult, visible.Select(c => c.Control).ToHashSet(StringComparer.Ordinal))) continue;
                var data = AnnotationMapping.ParseData(task.DataJson);
                var spanText = AnnotationMapping.SpanText(controls, data);
                var resolution = visible.Select(c => c.ResolutionId).OfType<long>().Select(id => resolutions.GetValueOrDefault(id)).FirstOrDefault(r => r is not null);
                var decidedAt = resolution?.CreatedAt ?? lastRating.GetValueOrDefault(answer.TaskId);
                items.Add(new FeedbackItem(project.Id, project.Name, answer.TaskId, TaskNames.Of(task.ExternalKey, task.File, task.SourceIndex),
                    ConflictQueueService.DisplayText(config, data), AnswerSummary.Describe(controls, mine, spanText),
                    AnswerSummary.Describe(controls, finalResult, spanText), visible[0].Origin, resolution?.Comment, resolution?.By, decidedAt,
                    readAt is null || decidedAt > readAt));
            }
        }
        return [.. items.OrderByDescending(i => i.DecidedAt).ThenByDescending(i => i.TaskId)];
    }
}
