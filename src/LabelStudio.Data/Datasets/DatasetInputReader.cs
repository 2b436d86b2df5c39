using System.Runtime.CompilerServices;
using System.Text.Json;
using LabelStudio.Data.Database;
using LabelStudio.Data.Labeling;
using LabelStudio.Data.Quality;
using LabelStudio.Data.Review;
using LabelStudio.Quality;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// Streams what each task's final label is derived from, for a whole project in task order: one query per input kind
/// (tasks, annotations, outcomes, resolutions, gold), each on its own context and sorted by task, merged by task id.
/// Per-chunk <c>IN (...)</c> queries cost more than the derivation itself; a merge reads each table once, and memory
/// holds one task's rows per stream whatever the size of the project. The inputs are the ones
/// <see cref="FinalLabelService"/> reads (latest resolution, latest gold unless retracted, current ratings in id order).
/// </summary>
internal static class DatasetInputReader
{
    public static async IAsyncEnumerable<DatasetInput> ReadAsync(IDbContextFactory<AppDbContext> dbFactory, long projectId,
        IQueryable<LabelTask> taskQuery, IReadOnlyList<string> controls, DatasetWatermarks marks, DatasetClickInputs? clicks, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var annotationsDb = await dbFactory.CreateDbContextAsync(ct);
        await using var outcomesDb = await dbFactory.CreateDbContextAsync(ct);
        await using var resolutionsDb = await dbFactory.CreateDbContextAsync(ct);
        await using var goldDb = await dbFactory.CreateDbContextAsync(ct);
        await using var clicksDb = await dbFactory.CreateDbContextAsync(ct);
        await using var annotations = new MergeCursor<AnnotationRow>(annotationsDb.Annotations.AsNoTracking()
            .Where(a => a.ProjectId == projectId && a.Id <= marks.Annotation).OrderBy(a => a.TaskId).ThenBy(a => a.Id)
            .Select(a => new AnnotationRow(a.TaskId, a.Id, a.UserId, a.ImportedRaterId, a.Source, a.WasSkipped, a.ConfigVersion, a.Revision))
            .AsAsyncEnumerable(), a => a.TaskId, ct);
        // The outcome as of the version's outcome watermark: the task's latest revision in the history not above it.
        await using var outcomes = new MergeCursor<OutcomeRow>(outcomesDb.TaskOutcomeRevisions.AsNoTracking()
            .Where(o => o.ProjectId == projectId && o.Id <= marks.Outcome).OrderBy(o => o.TaskId).ThenBy(o => o.Id)
            .Select(o => new OutcomeRow(o.TaskId, o.State, o.ConsensusResultJson, o.DetailsJson, o.Method)).AsAsyncEnumerable(), o => o.TaskId, ct);
        await using var resolutions = new MergeCursor<Resolution>(resolutionsDb.Resolutions.AsNoTracking()
            .Where(r => r.ProjectId == projectId && r.Id <= marks.Resolution).OrderBy(r => r.TaskId).ThenBy(r => r.Id).AsAsyncEnumerable(), r => r.TaskId, ct);
        await using var gold = new MergeCursor<GoldRow>(goldDb.GoldAnswers.AsNoTracking()
            .Where(g => g.ProjectId == projectId && g.Id <= marks.Gold).OrderBy(g => g.TaskId).ThenBy(g => g.Id)
            .Select(g => new GoldRow(g.TaskId, g.Id, g.ResultJson, g.Source, g.IsRetracted)).AsAsyncEnumerable(), g => g.TaskId, ct);

        // The recorded generation's decided pairs (abstentions give no label); none without click feedback.
        var generation = clicks?.Generation ?? -1;
        await using var clickLabels = new MergeCursor<ClickRow>(clicksDb.FeedbackLabels.AsNoTracking()
            .Where(l => l.ProjectId == projectId && l.IngestId == generation && l.TaskId != null && l.Decision != -1)
            .OrderBy(l => l.TaskId).ThenBy(l => l.Id)
            .Select(l => new ClickRow(l.TaskId!.Value, l.Id, l.Decision, l.Model, l.PRelevant)).AsAsyncEnumerable(), l => l.TaskId, ct);

        var results = new ParseCache<IReadOnlyList<Core.Results.ResultItem>>(TaskOutcomeService.ParseResult);
        var details = new ParseCache<IReadOnlyList<ControlOutcome>>(json =>
            JsonSerializer.Deserialize<List<ControlOutcome>>(json, QualityJson.Options) ?? []);
        var taskRows = new List<AnnotationRow>();
        var tasks = taskQuery.OrderBy(t => t.Id)
            .Select(t => new DatasetTask(t.Id, t.ExternalKey, t.DataJson, t.MetaJson, t.CreatedAt, t.ImportBatchId, t.SourceIndex));
        await foreach (var task in tasks.AsAsyncEnumerable().WithCancellation(ct))
        {
            await annotations.ReadAsync(task.Id, taskRows);
            var outcome = await outcomes.LastAsync(task.Id);
            var resolution = await resolutions.LastAsync(task.Id);
            var latestGold = await gold.LastAsync(task.Id);
            var click = clicks is null ? null : await clickLabels.LastAsync(task.Id);
            var outcomeFact = outcome is null ? null : new OutcomeFact(outcome.State,
                outcome.ConsensusResultJson is null ? [] : results.Get(outcome.ConsensusResultJson), details.Get(outcome.DetailsJson), outcome.Method);
            var inputs = new FinalLabelInputs(task.Id, controls, outcomeFact,
                resolution is null ? null : FinalLabelService.ToFact(resolution),
                latestGold is null or { IsRetracted: true } ? null
                    : new GoldFact(latestGold.Id, results.Get(latestGold.ResultJson), latestGold.Source),
                CurrentRatingIds(taskRows), click is null ? null
                    // The region id is the label's own, so a rebuild gives the same bytes.
                    : clicks!.Control.Fact(click.Id, click.Decision, click.Model, click.PRelevant,
                        "click" + click.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            yield return new DatasetInput(task, inputs, Answered(taskRows));
        }
    }

    /// <summary>
    /// <see cref="AnnotationQueries.CurrentRatings"/> of one task in id order: not skipped, by a rater or an imported
    /// author, and no revision of the same (user, imported rater) above it.
    /// </summary>
    private static long[] CurrentRatingIds(List<AnnotationRow> rows)
    {
        var ids = new List<long>(rows.Count);
        foreach (var a in rows)
        {
            if (a.WasSkipped || (a.UserId is null && a.ImportedRaterId is null)) continue;
            var current = true;
            foreach (var n in rows)
            {
                if (n.Revision > a.Revision && n.UserId == a.UserId && n.ImportedRaterId == a.ImportedRaterId)
                {
                    current = false;
                    break;
                }
            }
            if (current) ids.Add(a.Id);
        }
        return [.. ids];
    }

    /// <summary>The answers a version counts (raters, filters, scope All): per rater the highest revision (imported ones
    /// each), skips left out.</summary>
    private static List<DatasetBuilder.ChunkAnnotation> Answered(List<AnnotationRow> rows)
    {
        var answered = new List<DatasetBuilder.ChunkAnnotation>(rows.Count);
        foreach (var a in rows)
        {
            var best = a;
            var first = true;
            foreach (var n in rows)
            {
                if (!SameRater(a, n)) continue;
                if (n.Revision > best.Revision) best = n;
                // Only the first member of a rater's group speaks for it.
                if (n.Id < a.Id) first = false;
            }
            if (first && !best.WasSkipped)
            {
                answered.Add(new DatasetBuilder.ChunkAnnotation(best.TaskId, best.UserId, best.Source, best.WasSkipped, best.ConfigVersion));
            }
        }
        return answered;
    }

    private static bool SameRater(AnnotationRow a, AnnotationRow b) => a.Source == AnnotationSource.Rater && b.Source == AnnotationSource.Rater
        ? a.UserId == b.UserId
        : a.Id == b.Id;

    internal sealed record DatasetInput(DatasetTask Task, FinalLabelInputs Inputs, List<DatasetBuilder.ChunkAnnotation> Answered);

    internal sealed record DatasetTask(long Id, string? ExternalKey, string DataJson, string? MetaJson, DateTime CreatedAt, long? ImportBatchId,
        int SourceIndex);

    private sealed record AnnotationRow(long TaskId, long Id, string? UserId, long? ImportedRaterId, AnnotationSource Source, bool WasSkipped,
        int ConfigVersion, int Revision);

    private sealed record OutcomeRow(long TaskId, TaskOutcomeState State, string? ConsensusResultJson, string DetailsJson, string Method);

    private sealed record ClickRow(long TaskId, long Id, int Decision, string Model, double? PRelevant);

    private sealed record GoldRow(long TaskId, long Id, string ResultJson, GoldSource Source, bool IsRetracted);
}
