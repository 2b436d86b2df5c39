using System.Globalization;
using System.Text.Json;
using LabelStudio.Core.Results;
using LabelStudio.Data.Common;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Database;
using LabelStudio.Data.Labeling;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Review;

/// <summary>One task in full for leads and administrators: the review page and the task browser both show it.</summary>
public sealed class TaskDetailService(IDbContextFactory<AppDbContext> dbFactory, LabelingConfigCache configs, ScoringModelCache models,
    FinalLabelService finals)
{
    public async Task<TaskDetail> GetAsync(long taskId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, ct)
                   ?? throw new NotFoundException($"Task {taskId} does not exist.");
        var project = await QualityService.RequireLeadAsync(db, task.ProjectId, actor, ct, taskId);
        var config = configs.Get(project.Id, project.LabelConfigVersion, project.LabelConfigXml);
        var controls = ConsensusControl.From(config);
        var data = AnnotationMapping.ParseData(task.DataJson);
        var spanText = AnnotationMapping.SpanText(controls, data);
        string Describe(string json) => AnswerSummary.Describe(controls, TaskOutcomeService.ParseResult(json), spanText);

        var batch = task.ImportBatchId is { } batchId
            ? await (from b in db.ImportBatches.AsNoTracking()
                     join u in db.Users on b.ImportedById equals u.Id into users
                     from u in users.DefaultIfEmpty()
                     where b.Id == batchId
                     select new { b.Id, b.FileName, b.Sha256, b.ImportedAt, By = u == null ? null : u.Email }).FirstOrDefaultAsync(ct)
            : null;
        var reliability = await ReliabilityAsync(db, project.Id, ct);
        var annotationRows = await (from a in db.Annotations.AsNoTracking()
                                    join u in db.Users on a.UserId equals u.Id into users
                                    from u in users.DefaultIfEmpty()
                                    join r in db.ImportedRaters on a.ImportedRaterId equals r.Id into raters
                                    from r in raters.DefaultIfEmpty()
                                    where a.TaskId == taskId
                                    select new { A = a, u.DisplayName, u.Email, Imported = r.DisplayName }).ToListAsync(ct);
        // A rater's revisions stay in the history; the latest is their current answer. Imported annotations with an
        // author count as that imported rater's; those without one are kept but count for nothing.
        var rows = annotationRows.Select(x => new
        {
            x.A, x.DisplayName, x.Email, x.Imported,
            Key = x.A.UserId is not null || x.A.ImportedRaterId is not null ? RaterKeys.Of(x.A.UserId, x.A.ImportedRaterId) : null,
        }).ToList();
        var latest = rows.Where(x => x.Key is not null).GroupBy(x => x.Key!).ToDictionary(g => g.Key, g => g.Max(x => x.A.Revision));
        var annotations = rows
            .Select(x => new AnnotationDetail(x.A.Id, x.A.UserId,
                x.A.ImportedRaterId is not null ? x.Imported ?? x.A.ImportedAuthor ?? "Imported"
                : x.A.Source == AnnotationSource.Imported ? x.A.ImportedAuthor ?? "Imported"
                : ConflictQueueService.NameOf(x.DisplayName, x.Email, x.A.UserId ?? "?"),
                x.A.Source.ToString(), x.A.ResultJson, x.A.WasSkipped ? "(skipped)" : Describe(x.A.ResultJson), x.A.LeadTimeSeconds,
                x.A.CreatedAt, x.A.WasSkipped, x.A.ConfigVersion, x.Key is { } key ? reliability.GetValueOrDefault(key) : null, x.A.Revision,
                x.Key is null || latest[x.Key] == x.A.Revision, x.Key))
            .OrderBy(a => a.RaterKey is not null ? 0 : 1).ThenBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ThenBy(a => a.Id)
            .ToList();

        var answers = rows.Where(x => x.Key is not null && !x.A.WasSkipped && latest[x.Key] == x.A.Revision)
            .OrderBy(x => x.A.Id).Select(x => new RaterAnswer(x.Key!, TaskOutcomeService.ParseResult(x.A.ResultJson))).ToList();
        var rule = project.GetConflictSettings().ToRule();
        CandidateAnswer? majority = null, dawidSkene = null;
        if (answers.Count > 0)
        {
            majority = Candidate(TaskConsensus.Score(controls, answers, data, rule, null), controls, spanText);
            var model = await models.GetAsync(db, project.Id, ct);
            if (model is not null && controls.Any(model.Fits))
            {
                dawidSkene = Candidate(TaskConsensus.Score(controls, answers, data, rule, model), controls, spanText);
            }
        }

        var outcomeRow = await db.TaskOutcomes.AsNoTracking().FirstOrDefaultAsync(o => o.TaskId == taskId, ct);
        var outcome = outcomeRow is null ? null : new TaskOutcomeSummary(outcomeRow.State, ConflictQueueService.SplitReasons(outcomeRow.Reasons),
            outcomeRow.Priority, outcomeRow.AgreementScore, outcomeRow.Posterior, outcomeRow.Method,
            JsonSerializer.Deserialize<List<ControlOutcome>>(outcomeRow.DetailsJson, QualityJson.Options) ?? [], outcomeRow.ComputedAt);
        var final = (await finals.DeriveAsync(db, project, [taskId], ct))[taskId];
        var predictions = (await db.Predictions.AsNoTracking().Where(p => p.TaskId == taskId).OrderBy(p => p.Id).ToListAsync(ct))
            .Select(p => new PredictionDetail(p.Id, p.ModelVersion, p.Score, p.ResultJson, Describe(p.ResultJson), p.CreatedAt)).ToList();
        var click = await Feedback.FeedbackService.Current(db, project.Id).AsNoTracking().Where(l => l.TaskId == taskId)
            .OrderByDescending(l => l.Id).FirstOrDefaultAsync(ct) is { } l
            ? new ClickEvidence(l.QueryId, l.DocId, l.Model, l.Score, l.PRelevant,
                l.Decision switch { 1 => "relevant", 0 => "not relevant", _ => "abstained" }, l.ReasonCode, l.EvidenceJson, l.CreatedAt)
            : null;
        var resolutions = await ResolutionService.LoadHistoryAsync(db, taskId, ct);
        var gold = (await (from g in db.GoldAnswers.AsNoTracking()
                           join u in db.Users on g.CreatedById equals u.Id into users
                           from u in users.DefaultIfEmpty()
                           where g.TaskId == taskId
                           orderby g.Id
                           select new { G = g, By = u == null ? null : u.DisplayName != "" ? u.DisplayName : u.Email }).ToListAsync(ct))
            .Select(x => new GoldHistoryRow(x.G.Id, x.G.Source, x.G.IsRetracted, x.G.IsRetracted ? "(retracted)" : Describe(x.G.ResultJson),
                x.By, x.G.Comment, x.G.CreatedAt)).ToList();

        var lineage = new TaskLineage(batch?.Id, batch?.FileName, batch?.Sha256, batch?.ImportedAt, batch?.By, task.SourceIndex, task.CreatedAt,
            task.ExternalKey, [.. annotations.Select(a => a.ConfigVersion).Distinct().Order()]);
        return new TaskDetail(task.Id, project.Id, project.Name, TaskNames.Of(task.ExternalKey, batch?.FileName, task.SourceIndex), task.DataJson,
            project.LabelConfigXml, project.LabelConfigVersion, task.RequiredRatings, task.CompletedCount, task.AutoExtraRatings, lineage, final,
            outcome, annotations, majority, dawidSkene, predictions, click, resolutions, gold,
            History(annotations, resolutions, gold, outcome, task));
    }

    /// <summary>Each rater's Dawid–Skene accuracy (else mean agreement) from the project's latest recompute.</summary>
    internal static async Task<Dictionary<string, double?>> ReliabilityAsync(AppDbContext db, long projectId, CancellationToken ct)
    {
        var json = await db.QualitySnapshots.AsNoTracking().Where(s => s.ProjectId == projectId).OrderByDescending(s => s.Id)
            .Select(s => s.RatersJson).FirstOrDefaultAsync(ct);
        var raters = json is null ? [] : JsonSerializer.Deserialize<List<RaterQuality>>(json, QualityJson.Options) ?? [];
        return raters.ToDictionary(r => r.UserId, r => r.DawidSkeneAccuracy ?? r.MeanAgreement, StringComparer.Ordinal);
    }

    private static CandidateAnswer Candidate(TaskConsensusResult scored, IReadOnlyList<ConsensusControl> controls, string? text)
    {
        var primary = scored.Controls.FirstOrDefault();
        return new CandidateAnswer(primary?.Method ?? scored.Method, ResultJson.Serialize(scored.Consensus),
            ConflictQueueService.DescribeConsensus(controls, scored.Consensus, scored.Controls, text), scored.Posterior,
            scored.Controls.Any(c => c.NoMajority));
    }

    private static IReadOnlyList<HistoryEvent> History(IReadOnlyList<AnnotationDetail> annotations, IReadOnlyList<ResolutionView> resolutions,
        IReadOnlyList<GoldHistoryRow> gold, TaskOutcomeSummary? outcome, LabelTask task)
    {
        var events = new List<HistoryEvent>
        {
            new(task.CreatedAt, "import", "Task created", null),
        };
        foreach (var a in annotations)
        {
            events.Add(a.Source == nameof(AnnotationSource.Imported)
                ? new HistoryEvent(a.CreatedAt, "import", a.Skipped ? $"Imported skip by {a.Name}" : $"Imported answer by {a.Name}: {a.Summary}", null)
                : a.Skipped
                    ? new HistoryEvent(a.CreatedAt, "skip", $"{a.Name} skipped the task", null)
                    : a.Revision > 0
                        ? new HistoryEvent(a.CreatedAt, "annotation", $"{a.Name} revised their answer to {a.Summary}", null)
                        : new HistoryEvent(a.CreatedAt, "annotation", $"{a.Name} answered {a.Summary} in {Seconds(a.LeadTimeSeconds ?? 0)}", null));
        }
        foreach (var r in resolutions)
        {
            var what = r.Decision switch
            {
                ResolutionDecision.Accept => $"accepted annotation {r.AcceptedAnnotationId}",
                ResolutionDecision.Edit => "set their own answer",
                ResolutionDecision.MoreRatings => $"asked for {r.ExtraRatings} more {(r.ExtraRatings == 1 ? "rating" : "ratings")}",
                _ => "marked the task invalid",
            };
            events.Add(new HistoryEvent(r.CreatedAt, "resolution", $"{r.DecidedBy} {what}{(r.GoldAnswerId is null ? "" : " and saved it as gold")}", r.Comment));
        }
        foreach (var g in gold)
        {
            events.Add(new HistoryEvent(g.CreatedAt, "gold", g.Retracted
                ? $"Gold answer removed{(g.By is null ? "" : " by " + g.By)}"
                : $"Gold answer ({g.Source.ToString().ToLowerInvariant()}): {g.Summary}{(g.By is null ? "" : " by " + g.By)}", g.Comment));
        }
        if (task.AutoExtraRatings > 0)
        {
            events.Add(new HistoryEvent(outcome?.ComputedAt ?? task.CreatedAt, "outcome",
                $"Dynamic overlap asked for {task.AutoExtraRatings} extra {(task.AutoExtraRatings == 1 ? "rating" : "ratings")}", null));
        }
        if (outcome is not null)
        {
            events.Add(new HistoryEvent(outcome.ComputedAt, "outcome", outcome.State switch
            {
                TaskOutcomeState.Agreed => "Scored: the raters agree",
                TaskOutcomeState.Conflict => "Scored: a conflict for leads",
                TaskOutcomeState.Open => "Sent back to raters for more ratings",
                TaskOutcomeState.Resolved => "Resolved by a lead",
                _ => "Marked invalid",
            }, null));
        }
        return [.. events.OrderBy(e => e.At)];
    }

    private static string Seconds(double seconds) => seconds < 60
        ? seconds.ToString("0.#", CultureInfo.InvariantCulture) + " s"
        : (seconds / 60).ToString("0.#", CultureInfo.InvariantCulture) + " min";
}
