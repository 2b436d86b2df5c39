using System.Globalization;
using LabelStudio.Core.Results;
using LabelStudio.Data.Common;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Database;
using LabelStudio.Data.Labeling;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Review;

/// <summary>
/// Gold checks: tasks with a gold answer are mixed into each rater's queue at the project's <see cref="Project.GoldRate"/>,
/// looking like any other task, even when they already have all their ratings. Each rater's gold accuracy is measured
/// against the current gold answers; when the project asks for it, a rater whose accuracy falls below the threshold
/// after enough gold tasks is paused (no new tasks) and the leads are told. A lead or administrator lets them resume.
/// </summary>
public sealed class GoldCheckService(IDbContextFactory<AppDbContext> dbFactory, LabelingConfigCache configs, ReviewNotifier notifier,
    TimeProvider clock, WriteLock writeLock)
{
    /// <summary>
    /// Inside the rater's next-task transaction: the gold task to serve now, or null. A gold check is due on a fixed
    /// pseudo-random draw per (rater, tasks answered) below the rate, so its position cannot be guessed, and also whenever
    /// the rater has fallen a whole check behind the rate, so the share holds even on short runs.
    /// </summary>
    public static async Task<long?> PickAsync(AppDbContext db, Project project, string userId, CancellationToken ct)
    {
        if (project.GoldRate <= 0) return null;
        var gold = CurrentGoldTasks(db, project.Id);
        var mine = db.Annotations.Where(a => a.ProjectId == project.Id && a.UserId == userId);
        var answered = await mine.CountAsync(ct);
        var due = Draw(userId, answered) < project.GoldRate
                  || await mine.CountAsync(a => gold.Contains(a.TaskId), ct) + 1 <= project.GoldRate * answered - 1;
        if (!due) return null;
        // A withdrawn task has left the rater queue, gold checks included.
        return await gold.Where(t => !db.Annotations.Any(a => a.TaskId == t && a.UserId == userId)
                                     && db.Tasks.Any(x => x.Id == t && x.WithdrawnAt == null))
            .OrderBy(t => t).Select(t => (long?)t).FirstOrDefaultAsync(ct);
    }

    /// <summary>Whether the task has a current gold answer (a gold check may take it past its required ratings).</summary>
    public static Task<bool> IsGoldAsync(AppDbContext db, long taskId, CancellationToken ct) =>
        db.GoldAnswers.Where(g => g.TaskId == taskId).OrderByDescending(g => g.Id).Select(g => !g.IsRetracted).FirstOrDefaultAsync(ct);

    /// <summary>The submit hook: after an answer on a gold task, pause the rater if the project's rule says so.</summary>
    public async Task AfterAnnotationAsync(Project project, long taskId, string userId, SubmitResult result, CancellationToken ct)
    {
        if (result.Duplicate || project.PauseBelowGoldAccuracy <= 0) return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await IsGoldAsync(db, taskId, ct)) return;
        var member = await db.ProjectMembers.FirstOrDefaultAsync(m => m.ProjectId == project.Id && m.UserId == userId, ct);
        if (member is null || member.PausedAt is not null) return;
        var stats = (await StatsAsync(db, project, [userId], ct)).GetValueOrDefault(userId);
        if (stats is null || stats.Answered < project.PauseAfterGoldTasks || stats.Accuracy >= project.PauseBelowGoldAccuracy) return;
        member.PausedAt = clock.GetUtcNow().UtcDateTime;
        member.PauseReason = string.Create(CultureInfo.InvariantCulture,
            $"Gold accuracy {stats.Accuracy:P0} on {stats.Answered} gold tasks is below {project.PauseBelowGoldAccuracy:P0}.");
        using (await writeLock.EnterAsync(ct))
        {
            await db.SaveChangesAsync(ct);
        }
        notifier.Raise(project.Id, taskId, ReviewChangeKind.RaterPaused);
    }

    /// <summary>Every member's gold accuracy in the project (leads and administrators).</summary>
    public async Task<IReadOnlyList<RaterGoldStats>> ListAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await QualityService.RequireLeadAsync(db, projectId, actor, ct);
        var members = await db.ProjectMembers.AsNoTracking().Where(m => m.ProjectId == projectId).Select(m => m.UserId).ToListAsync(ct);
        var stats = await StatsAsync(db, project, members, ct);
        return [.. stats.Values.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Lets a paused rater work again; only gold answers from now on count towards a new pause.</summary>
    public async Task ResumeAsync(long projectId, string userId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await QualityService.RequireLeadAsync(db, projectId, actor, ct);
        var member = await db.ProjectMembers.FirstOrDefaultAsync(m => m.ProjectId == projectId && m.UserId == userId, ct)
                     ?? throw new NotFoundException($"User {userId} is not a member of project {projectId}.");
        if (member.PausedAt is null) return;
        member.PausedAt = null;
        member.PauseReason = null;
        member.GoldCountedFrom = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        notifier.Raise(projectId, null, ReviewChangeKind.RaterPaused);
    }

    private async Task<Dictionary<string, RaterGoldStats>> StatsAsync(AppDbContext db, Project project, IReadOnlyCollection<string> userIds,
        CancellationToken ct)
    {
        var members = await (from m in db.ProjectMembers.AsNoTracking()
                             join u in db.Users on m.UserId equals u.Id
                             where m.ProjectId == project.Id && userIds.Contains(m.UserId)
                             select new { m.UserId, m.PausedAt, m.PauseReason, m.GoldCountedFrom, u.DisplayName, u.Email }).ToListAsync(ct);
        var goldTasks = CurrentGoldTasks(db, project.Id);
        var answers = await db.CurrentAnnotations().AsNoTracking()
            .Where(a => a.ProjectId == project.Id && a.Source == AnnotationSource.Rater && !a.WasSkipped && a.UserId != null
                        && userIds.Contains(a.UserId) && goldTasks.Contains(a.TaskId))
            .Select(a => new { a.TaskId, UserId = a.UserId!, a.ResultJson, a.CreatedAt }).ToListAsync(ct);
        var gold = await GoldService.LoadCurrentAsync(db, project.Id, [.. answers.Select(a => a.TaskId).Distinct()], ct);
        var controls = ConsensusControl.From(configs.Get(project.Id, project.LabelConfigVersion, project.LabelConfigXml));
        var result = new Dictionary<string, RaterGoldStats>(StringComparer.Ordinal);
        foreach (var m in members)
        {
            int answered = 0, correct = 0;
            foreach (var a in answers.Where(a => a.UserId == m.UserId && (m.GoldCountedFrom is null || a.CreatedAt >= m.GoldCountedFrom)))
            {
                if (!gold.TryGetValue(a.TaskId, out var reference)) continue;
                answered++;
                if (AnswerComparison.Matches(controls, TaskOutcomeService.ParseResult(a.ResultJson), reference)) correct++;
            }
            result[m.UserId] = new RaterGoldStats(m.UserId, ConflictQueueService.NameOf(m.DisplayName, m.Email, m.UserId), answered, correct,
                m.PausedAt is not null, m.PausedAt, m.PauseReason);
        }
        return result;
    }

    /// <summary>The tasks of a project whose latest gold row is not a retraction.</summary>
    private static IQueryable<long> CurrentGoldTasks(AppDbContext db, long projectId)
    {
        var latest = db.GoldAnswers.Where(g => g.ProjectId == projectId).GroupBy(g => g.TaskId).Select(g => g.Max(x => x.Id));
        return db.GoldAnswers.Where(g => latest.Contains(g.Id) && !g.IsRetracted).Select(g => g.TaskId);
    }

    /// <summary>A uniform number in [0, 1) fixed by the rater and the count (SplitMix64 finaliser over an FNV-1a hash).</summary>
    internal static double Draw(string userId, int answered)
    {
        var h = 14695981039346656037UL;
        foreach (var c in userId) h = (h ^ c) * 1099511628211UL;
        var z = h + (ulong)answered * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
