using System.Text.Json;
using System.Text.Json.Nodes;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Labeling;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Consensus;

/// <summary>
/// Reads of the quality feature: measures, conflicts and task outcomes. Administrators and the project's leads may
/// read them; a rater member gets "access denied" (raters never see other raters' answers), a non-member "not found".
/// </summary>
public sealed class QualityService(IDbContextFactory<AppDbContext> dbFactory, LabelingConfigCache configs,
    QualityRecomputeQueue queue, QualityRecomputeState state)
{
    public const int MaxPageSize = 100;

    public async Task<QualityReport> GetReportAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await RequireLeadAsync(db, projectId, actor, ct);
        var outcomes = await db.TaskOutcomes.AsNoTracking().Where(o => o.ProjectId == projectId)
            .GroupBy(o => o.State).Select(g => new { State = g.Key, Count = g.Count() }).ToListAsync(ct);
        int Count(TaskOutcomeState s) => outcomes.FirstOrDefault(o => o.State == s)?.Count ?? 0;
        var tasks = await db.Tasks.CountAsync(t => t.ProjectId == projectId, ct);
        var complete = await db.Tasks.CountAsync(t => t.ProjectId == projectId && t.IsComplete, ct);
        var maxRatings = await db.Tasks.Where(t => t.ProjectId == projectId).MaxAsync(t => (int?)t.CompletedCount, ct) ?? 0;

        var snapshot = await db.QualitySnapshots.AsNoTracking().Where(s => s.ProjectId == projectId)
            .OrderByDescending(s => s.Id).FirstOrDefaultAsync(ct);
        QualitySnapshotView? view = null;
        if (snapshot is not null)
        {
            var measures = JsonSerializer.Deserialize<QualityMeasures>(snapshot.MeasuresJson, QualityJson.Options)!;
            var raters = JsonSerializer.Deserialize<List<RaterQuality>>(snapshot.RatersJson, QualityJson.Options) ?? [];
            var ids = raters.Select(r => r.UserId).Concat(measures.Pairs.SelectMany(p => new[] { p.RaterA, p.RaterB })).Distinct().ToList();
            var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
                .Select(u => new { u.Id, u.Email, u.DisplayName }).ToDictionaryAsync(u => u.Id, ct);
            string NameOf(string id) => users.TryGetValue(id, out var u)
                ? (string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? id : u.DisplayName)
                : id == Feedback.ClickFeedbackSource.RaterId ? Feedback.ClickFeedbackSource.DisplayName : "(deleted user)";
            view = new QualitySnapshotView(snapshot.Id, snapshot.ComputedAt, snapshot.ConfigVersion, snapshot.DurationMs,
                snapshot.RatingCount, measures,
                raters.Select(r => new RaterRow(r.UserId, NameOf(r.UserId), users.GetValueOrDefault(r.UserId)?.Email ?? "", r)).ToList(),
                ids.ToDictionary(id => id, NameOf));
        }
        return new QualityReport(projectId, project.Name, project.LabelConfigVersion, project.GetConflictSettings(),
            new OutcomeCounts(tasks, complete, Count(TaskOutcomeState.Agreed), Count(TaskOutcomeState.Conflict),
                Count(TaskOutcomeState.Resolved), Count(TaskOutcomeState.Invalid)),
            maxRatings, view, state.Get(projectId));
    }

    /// <summary>Tasks in conflict, highest priority first, with every rater's answer.</summary>
    public async Task<ConflictPage> GetConflictsAsync(long projectId, int page, int pageSize, Actor actor, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await RequireLeadAsync(db, projectId, actor, ct);
        var config = configs.Get(project.Id, project.LabelConfigVersion, project.LabelConfigXml);
        var controls = ConsensusControl.From(config);
        var conflicts = db.TaskOutcomes.AsNoTracking().Where(o => o.ProjectId == projectId && o.State == TaskOutcomeState.Conflict);
        var total = await conflicts.CountAsync(ct);
        var rows = await (from o in conflicts
                          join t in db.Tasks on o.TaskId equals t.Id
                          orderby o.Priority descending, o.TaskId
                          select new { Outcome = o, t.DataJson })
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var taskIds = rows.Select(r => r.Outcome.TaskId).ToList();
        var answers = await (from a in db.CurrentAnnotations().AsNoTracking()
                             join u in db.Users on a.UserId equals u.Id
                             where taskIds.Contains(a.TaskId) && a.Source == AnnotationSource.Rater && !a.WasSkipped
                             orderby a.Id
                             select new { a.TaskId, a.UserId, u.DisplayName, u.Email, a.ResultJson }).ToListAsync(ct);
        var byTask = answers.ToLookup(a => a.TaskId);
        var gold = await GoldService.LoadCurrentAsync(db, projectId, taskIds, ct);
        var items = new List<ConflictView>(rows.Count);
        foreach (var row in rows)
        {
            var data = AnnotationMapping.ParseData(row.DataJson);
            var text = DisplayText(config, data);
            var spanText = controls.FirstOrDefault(c => c.Kind == ConsensusKind.Spans) is { } spans ? AnnotationMapping.TaskText(spans, data) : null;
            var o = row.Outcome;
            var consensus = o.ConsensusResultJson is null ? "" : AnswerSummary.Describe(controls, TaskOutcomeService.ParseResult(o.ConsensusResultJson), spanText);
            items.Add(new ConflictView(o.TaskId, row.DataJson, text, o.Priority, SplitReasons(o.Reasons), o.AgreementScore, o.Posterior,
                o.Method, o.ConsensusResultJson, consensus,
                byTask[o.TaskId].Select(a => new RaterAnswerView(a.UserId!, string.IsNullOrWhiteSpace(a.DisplayName) ? a.Email ?? a.UserId! : a.DisplayName,
                    a.ResultJson, AnswerSummary.Describe(controls, TaskOutcomeService.ParseResult(a.ResultJson), spanText))).ToList(),
                o.ComputedAt,
                gold.TryGetValue(o.TaskId, out var g) ? Core.Results.ResultJson.Serialize(g) : null,
                g is null ? "" : AnswerSummary.Describe(controls, g, spanText)));
        }
        var choices = controls is [{ Kind: ConsensusKind.Category } only]
            ? new GoldChoiceControl(only.Name, only.Control.ToName, only.Categories)
            : null;
        return new ConflictPage(total, page, pageSize, items, choices);
    }

    /// <summary>The task's current outcome; Open (no row yet) until it has all its ratings.</summary>
    public async Task<OutcomeView> GetOutcomeAsync(long taskId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var projectId = await db.Tasks.AsNoTracking().Where(t => t.Id == taskId).Select(t => (long?)t.ProjectId).FirstOrDefaultAsync(ct)
                        ?? throw new NotFoundException($"Task {taskId} does not exist.");
        await RequireLeadAsync(db, projectId, actor, ct, taskId);
        var o = await db.TaskOutcomes.AsNoTracking().FirstOrDefaultAsync(x => x.TaskId == taskId, ct);
        if (o is null)
        {
            var ratings = await db.Annotations.CountAsync(a => a.TaskId == taskId && a.Source == AnnotationSource.Rater && !a.WasSkipped
                && a.Revision == 0, ct);
            return new OutcomeView(taskId, projectId, TaskOutcomeState.Open, null, "", null, null, 0, [], ratings, null, null, []);
        }
        return new OutcomeView(taskId, projectId, o.State, o.ConsensusResultJson, o.Method, o.AgreementScore, o.Posterior, o.Priority,
            SplitReasons(o.Reasons), o.RatingCount, o.ComputedAt, o.ModelVersion,
            JsonSerializer.Deserialize<List<ControlOutcome>>(o.DetailsJson, QualityJson.Options) ?? []);
    }

    /// <summary>Queues a recompute to start at once (no debounce).</summary>
    public async Task RequestRecomputeAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await RequireLeadAsync(db, projectId, actor, ct);
        queue.Request(projectId, now: true);
        state.Notify(projectId);
    }

    /// <summary>Changes the project's conflict rule (administrators) and re-scores its tasks in the background.</summary>
    public async Task<ConflictSettings> UpdateConflictSettingsAsync(long projectId, ConflictSettings settings, Actor actor,
        CancellationToken ct = default)
    {
        ProjectService.RequireAdmin(actor);
        var errors = settings.Validate().ToList();
        if (errors.Count > 0) throw new DomainValidationException(errors);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == projectId, ct)
                      ?? throw new NotFoundException($"Project {projectId} does not exist.");
        project.ApplyConflictSettings(settings);
        await db.SaveChangesAsync(ct);
        queue.Request(projectId, now: true);
        return settings;
    }

    internal static async Task<Project> RequireLeadAsync(AppDbContext db, long projectId, Actor actor, CancellationToken ct, long? taskId = null)
    {
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct);
        var what = taskId is { } t ? $"Task {t}" : $"Project {projectId}";
        if (project is null) throw new NotFoundException($"{what} does not exist.");
        if (actor.IsAdmin) return project;
        var userId = actor.RequireUserId();
        var role = await db.ProjectMembers.AsNoTracking().Where(m => m.ProjectId == projectId && m.UserId == userId)
            .Select(m => (ProjectRole?)m.Role).FirstOrDefaultAsync(ct);
        return role switch
        {
            null => throw new NotFoundException($"{what} does not exist."),
            ProjectRole.Lead => project,
            _ => throw new AccessDeniedException("Only the project's leads and administrators can see agreement and conflicts."),
        };
    }

    private static IReadOnlyList<string> SplitReasons(string reasons) =>
        reasons.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? DisplayText(LabelingConfiguration config, JsonObject? data)
    {
        if (data is null) return null;
        foreach (var o in config.Objects)
        {
            if (o is TextObject && DataFieldPath.TryResolve(data, o.DataField, out var node) && node is JsonValue v)
            {
                return v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString();
            }
        }
        return null;
    }
}
