using System.Text.Json;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Common;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Database;
using LabelStudio.Data.Labeling;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Review;

/// <summary>
/// Reads what final labels are derived from (outcome, latest resolution, current gold, rater annotations) for a batch
/// of tasks in a few queries and derives them with <see cref="FinalLabels"/>. Used by the outcome API, the task
/// browser, rater feedback and, later, datasets.
/// </summary>
public sealed class FinalLabelService(IDbContextFactory<AppDbContext> dbFactory, LabelingConfigCache configs)
{
    private const int Chunk = 500;

    /// <summary>One task's final label (leads and administrators).</summary>
    public async Task<TaskFinalLabel> GetAsync(long taskId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var projectId = await db.Tasks.AsNoTracking().Where(t => t.Id == taskId).Select(t => (long?)t.ProjectId).FirstOrDefaultAsync(ct)
                        ?? throw new NotFoundException($"Task {taskId} does not exist.");
        var project = await QualityService.RequireLeadAsync(db, projectId, actor, ct, taskId);
        return (await DeriveAsync(db, project, [taskId], ct))[taskId];
    }

    /// <summary>Final labels of some tasks of a project (no access check: for callers that checked already).</summary>
    public async Task<IReadOnlyDictionary<long, TaskFinalLabel>> DeriveAsync(AppDbContext db, Project project,
        IReadOnlyCollection<long> taskIds, CancellationToken ct)
    {
        var config = configs.Get(project.Id, project.LabelConfigVersion, project.LabelConfigXml);
        var controls = ControlNames(config);
        var result = new Dictionary<long, TaskFinalLabel>(taskIds.Count);
        var click = await ClickControlAsync(db, project, config, ct);
        foreach (var chunk in taskIds.Distinct().Chunk(Chunk))
        {
            foreach (var inputs in await LoadInputsAsync(db, controls, chunk, ct, click))
            {
                result[inputs.TaskId] = FinalLabels.Derive(inputs);
            }
        }
        return result;
    }

    public static IReadOnlyList<string> ControlNames(LabelingConfiguration config) => [.. config.Controls.Select(c => c.Name)];

    /// <summary>The control click feedback answers and its relevant / not-relevant choices, or null when it answers none.</summary>
    internal sealed record ClickControlInfo(long ProjectId, string Control, string FromName, string ToName, string ResultType,
        string Relevant, string NotRelevant)
    {
        /// <summary>A decided pair's label as this control's choice, in a region with the given id.</summary>
        public ClickFact Fact(long labelId, int decision, string model, double? pRelevant, string regionId)
        {
            var item = new Core.Results.ResultItem(regionId, FromName, ToName, ResultType,
                new System.Text.Json.Nodes.JsonObject { ["choices"] = new System.Text.Json.Nodes.JsonArray(decision == 1 ? Relevant : NotRelevant) });
            return new ClickFact(labelId, Control, [item], model, pRelevant);
        }
    }

    /// <param name="relevantMinGrade">The relevant grade a dataset version recorded; null for the project's current setting.</param>
    internal static async Task<ClickControlInfo?> ClickControlAsync(AppDbContext db, Project project, LabelingConfiguration config,
        CancellationToken ct, int? relevantMinGrade = null)
    {
        var control = ConsensusControl.From(config).FirstOrDefault(c => c.Kind == ConsensusKind.Category);
        if (control is null || !await db.FeedbackIngests.AnyAsync(i => i.ProjectId == project.Id, ct)) return null;
        var minGrade = relevantMinGrade ?? await Feedback.FeedbackLabelExporter.RelevantMinGradeAsync(db, project.Id, ct);
        var (relevant, notRelevant) = Feedback.ClickFeedbackSource.ChoicesFor(control.Categories, minGrade);
        return relevant is null || notRelevant is null ? null
            : new ClickControlInfo(project.Id, control.Name, control.Name, control.Control.ToName, control.Control.ResultType, relevant, notRelevant);
    }

    internal static async Task<IReadOnlyList<FinalLabelInputs>> LoadInputsAsync(AppDbContext db, IReadOnlyList<string> controls,
        long[] taskIds, CancellationToken ct, ClickControlInfo? click = null)
    {
        var clicks = new Dictionary<long, ClickFact>();
        if (click is not null)
        {
            var rows = await Feedback.FeedbackService.Current(db, click.ProjectId)
                .Where(l => l.TaskId != null && taskIds.Contains(l.TaskId.Value) && l.Decision != -1)
                .Select(l => new { l.Id, TaskId = l.TaskId!.Value, l.Decision, l.Model, l.PRelevant }).ToListAsync(ct);
            foreach (var r in rows)
            {
                clicks[r.TaskId] = click.Fact(r.Id, r.Decision, r.Model, r.PRelevant, Core.Results.ResultIds.New());
            }
        }
        var outcomes = await db.TaskOutcomes.AsNoTracking().Where(o => taskIds.Contains(o.TaskId))
            .Select(o => new { o.TaskId, o.State, o.ConsensusResultJson, o.DetailsJson, o.Method }).ToDictionaryAsync(o => o.TaskId, ct);
        var latestResolutions = db.Resolutions.Where(r => taskIds.Contains(r.TaskId)).GroupBy(r => r.TaskId).Select(g => g.Max(r => r.Id));
        var resolutions = await db.Resolutions.AsNoTracking().Where(r => latestResolutions.Contains(r.Id))
            .ToDictionaryAsync(r => r.TaskId, ct);
        var latestGold = db.GoldAnswers.Where(g => taskIds.Contains(g.TaskId)).GroupBy(g => g.TaskId).Select(g => g.Max(x => x.Id));
        var gold = await db.GoldAnswers.AsNoTracking().Where(g => latestGold.Contains(g.Id) && !g.IsRetracted)
            .Select(g => new { g.Id, g.TaskId, g.ResultJson, g.Source }).ToDictionaryAsync(g => g.TaskId, ct);
        var annotations = (await db.CurrentRatings().AsNoTracking()
                .Where(a => taskIds.Contains(a.TaskId))
                .OrderBy(a => a.Id).Select(a => new { a.TaskId, a.Id }).ToListAsync(ct))
            .ToLookup(a => a.TaskId, a => a.Id);
        var list = new List<FinalLabelInputs>(taskIds.Length);
        foreach (var taskId in taskIds)
        {
            OutcomeFact? outcome = outcomes.TryGetValue(taskId, out var o) ? ToOutcomeFact(o.State, o.ConsensusResultJson, o.DetailsJson, o.Method) : null;
            ResolutionFact? resolution = resolutions.TryGetValue(taskId, out var r) ? ToFact(r) : null;
            GoldFact? goldFact = gold.TryGetValue(taskId, out var g) ? ToGoldFact(g.Id, g.ResultJson, g.Source) : null;
            list.Add(new FinalLabelInputs(taskId, controls, outcome, resolution, goldFact, [.. annotations[taskId]],
                clicks.GetValueOrDefault(taskId)));
        }
        return list;
    }

    internal static OutcomeFact ToOutcomeFact(TaskOutcomeState state, string? consensusResultJson, string detailsJson, string method) =>
        new(state, consensusResultJson is null ? [] : TaskOutcomeService.ParseResult(consensusResultJson),
            JsonSerializer.Deserialize<List<ControlOutcome>>(detailsJson, QualityJson.Options) ?? [], method);

    internal static GoldFact ToGoldFact(long id, string resultJson, GoldSource source) => new(id, TaskOutcomeService.ParseResult(resultJson), source);

    internal static ResolutionFact ToFact(Resolution r) => new(r.Id, r.Decision,
        r.ResultJson is null ? null : TaskOutcomeService.ParseResult(r.ResultJson), r.AcceptedAnnotationId, ParseIds(r.BasedOnAnnotationIdsJson));

    internal static IReadOnlyList<long> ParseIds(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<long[]>(json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
