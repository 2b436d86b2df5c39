using System.Text.Json;
using System.Text.Json.Nodes;
using LabelStudio.Core.LabelingConfig;
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
/// The review queue: a project's unresolved conflicts, highest priority first, with every rater's answer. Resolved,
/// invalid and sent-back tasks are not conflicts and do not appear. Administrators and the project's leads only.
/// </summary>
public sealed class ConflictQueueService(IDbContextFactory<AppDbContext> dbFactory, LabelingConfigCache configs)
{
    public const int MaxPageSize = 100;

    public async Task<ConflictPage> ListAsync(long projectId, ConflictFilter filter, int page, int pageSize, Actor actor,
        CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await QualityService.RequireLeadAsync(db, projectId, actor, ct);
        var config = configs.Get(project.Id, project.LabelConfigVersion, project.LabelConfigXml);
        var controls = ConsensusControl.From(config);
        var conflicts = Filtered(db, projectId, filter);
        var total = await conflicts.CountAsync(ct);
        var rows = await (from o in conflicts
                          join t in db.Tasks on o.TaskId equals t.Id
                          join b in db.ImportBatches on t.ImportBatchId equals b.Id into batches
                          from b in batches.DefaultIfEmpty()
                          orderby o.Priority descending, o.TaskId
                          select new { Outcome = o, t.DataJson, t.ExternalKey, t.SourceIndex, t.ImportBatchId, File = b == null ? null : b.FileName })
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var taskIds = rows.Select(r => r.Outcome.TaskId).ToList();
        var answers = await (from a in db.CurrentAnnotations().AsNoTracking()
                             join u in db.Users on a.UserId equals u.Id
                             where taskIds.Contains(a.TaskId) && a.Source == AnnotationSource.Rater && !a.WasSkipped
                             orderby u.DisplayName, u.Email, a.Id
                             select new { a.Id, a.TaskId, a.UserId, u.DisplayName, u.Email, a.ResultJson }).ToListAsync(ct);
        var byTask = answers.ToLookup(a => a.TaskId);
        var gold = await GoldService.LoadCurrentAsync(db, projectId, taskIds, ct);
        var items = new List<ConflictView>(rows.Count);
        foreach (var row in rows)
        {
            var data = AnnotationMapping.ParseData(row.DataJson);
            var spanText = AnnotationMapping.SpanText(controls, data);
            var o = row.Outcome;
            var details = JsonSerializer.Deserialize<List<ControlOutcome>>(o.DetailsJson, QualityJson.Options) ?? [];
            var consensus = o.ConsensusResultJson is null ? [] : TaskOutcomeService.ParseResult(o.ConsensusResultJson);
            items.Add(new ConflictView(o.TaskId, row.DataJson, DisplayText(config, data), o.Priority, SplitReasons(o.Reasons),
                o.AgreementScore, o.Posterior, o.Method, o.ConsensusResultJson, DescribeConsensus(controls, consensus, details, spanText),
                [.. byTask[o.TaskId].Select(a => new RaterAnswerView(a.UserId!, NameOf(a.DisplayName, a.Email, a.UserId!), a.ResultJson,
                    AnswerSummary.Describe(controls, TaskOutcomeService.ParseResult(a.ResultJson), spanText), a.Id))],
                o.ComputedAt,
                gold.TryGetValue(o.TaskId, out var g) ? ResultJson.Serialize(g) : null,
                g is null ? "" : AnswerSummary.Describe(controls, g, spanText),
                TaskNames.Of(row.ExternalKey, row.File, row.SourceIndex), row.ImportBatchId, details.Any(d => d.NoMajority),
                details.Any(d => d.SpanTie)));
        }
        var choices = controls is [{ Kind: ConsensusKind.Category } only]
            ? new GoldChoiceControl(only.Name, only.Control.ToName, only.Categories)
            : null;
        return new ConflictPage(total, page, pageSize, items, choices);
    }

    /// <summary>How many unresolved conflicts match the filter (the live count of the review page).</summary>
    public async Task<int> CountAsync(long projectId, ConflictFilter filter, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await QualityService.RequireLeadAsync(db, projectId, actor, ct);
        return await Filtered(db, projectId, filter).CountAsync(ct);
    }

    /// <summary>The highest-priority conflict other than <paramref name="except"/>, or null when the queue is empty.</summary>
    public async Task<long?> NextAsync(long projectId, ConflictFilter filter, IReadOnlyCollection<long> except, Actor actor,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await QualityService.RequireLeadAsync(db, projectId, actor, ct);
        return await Filtered(db, projectId, filter).Where(o => !except.Contains(o.TaskId))
            .OrderByDescending(o => o.Priority).ThenBy(o => o.TaskId).Select(o => (long?)o.TaskId).FirstOrDefaultAsync(ct);
    }

    private static IQueryable<TaskOutcome> Filtered(AppDbContext db, long projectId, ConflictFilter filter)
    {
        var conflicts = db.TaskOutcomes.AsNoTracking().Where(o => o.ProjectId == projectId && o.State == TaskOutcomeState.Conflict);
        if (!string.IsNullOrWhiteSpace(filter.Reason))
        {
            var reason = filter.Reason.Trim();
            conflicts = conflicts.Where(o => ("," + o.Reasons + ",").Contains("," + reason + ","));
        }
        if (!string.IsNullOrWhiteSpace(filter.RaterId))
        {
            var rater = filter.RaterId;
            conflicts = conflicts.Where(o => db.Annotations.Any(a => a.TaskId == o.TaskId && a.UserId == rater && !a.WasSkipped));
        }
        if (!string.IsNullOrWhiteSpace(filter.Label))
        {
            // Labels are JSON strings inside the stored results: match the quoted value.
            var quoted = JsonSerializer.Serialize(filter.Label.Trim());
            conflicts = conflicts.Where(o => db.CurrentAnnotations().Any(a => a.TaskId == o.TaskId && !a.WasSkipped && a.ResultJson.Contains(quoted)));
        }
        if (filter.BatchId is { } batch)
        {
            conflicts = conflicts.Where(o => db.Tasks.Any(t => t.Id == o.TaskId && t.ImportBatchId == batch));
        }
        return conflicts;
    }

    /// <summary>The consensus candidate control by control; a control whose raters tied says "no majority".</summary>
    public static string DescribeConsensus(IReadOnlyList<ConsensusControl> controls, IReadOnlyList<ResultItem> consensus,
        IReadOnlyList<ControlOutcome> details, string? text)
    {
        var tied = details.Where(d => d.NoMajority).Select(d => d.Control).ToList();
        if (tied.Count == 0) return AnswerSummary.Describe(controls, consensus, text);
        var parts = new List<string>();
        foreach (var control in controls)
        {
            if (tied.Contains(control.Name))
            {
                parts.Add(controls.Count > 1 ? $"{control.Name}: no majority" : "No majority");
            }
            else if (consensus.Any(i => i.FromName == control.Name))
            {
                parts.Add(AnswerSummary.Describe([control], consensus, text) is var one && controls.Count > 1 ? $"{control.Name}: {one}" : one);
            }
        }
        return string.Join(" · ", parts);
    }

    internal static string NameOf(string? displayName, string? email, string id) =>
        !string.IsNullOrWhiteSpace(displayName) ? displayName : email ?? id;

    internal static IReadOnlyList<string> SplitReasons(string reasons) =>
        reasons.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The task's first text field, for display.</summary>
    internal static string? DisplayText(LabelingConfiguration config, JsonObject? data)
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
