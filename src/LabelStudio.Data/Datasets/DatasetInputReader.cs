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
    private const int PrefetchBlock = 256;
    private const int PrefetchBlocksAhead = 4;

    /// <param name="timings">When given, gets the time spent waiting for the annotations' thread (stage <c>annotations-wait</c>).</param>
    public static IEnumerable<DatasetInput> Read(IDbContextFactory<AppDbContext> dbFactory, DatasetVersion version,
        DatasetFilter filter, IReadOnlyList<string> controls, DatasetClickInputs? clicks, CancellationToken ct, BuildTimings? timings = null)
    {
        var projectId = version.ProjectId;
        var marks = DatasetWatermarks.Of(version);
        using var tasksDb = dbFactory.CreateDbContext();
        using var annotationsDb = dbFactory.CreateDbContext();
        using var outcomesDb = dbFactory.CreateDbContext();
        using var resolutionsDb = dbFactory.CreateDbContext();
        using var goldDb = dbFactory.CreateDbContext();
        using var clicksDb = dbFactory.CreateDbContext();
        var results = new ParseCache<IReadOnlyList<Core.Results.ResultItem>>(TaskOutcomeService.ParseResult);
        // Methods repeat on every row: one string each, not one per row (the annotations' thread keeps its own for rater ids).
        var texts = new ParseCache<string>(text => text);
        // The largest input (a few rows per task) is read on a thread of its own, overlapping the rest of the build.
        var raterIds = new ParseCache<string>(text => text);
        using var annotations = new MergeCursor<AnnotationRow>(Prefetch.OnOwnThread(DbRows.Read(annotationsDb, annotationsDb.Annotations.AsNoTracking()
                .Where(a => a.ProjectId == projectId && a.Id <= marks.Annotation).OrderBy(a => a.TaskId).ThenBy(a => a.Id)
                .Select(a => new { a.TaskId, a.Id, a.UserId, a.ImportedRaterId, a.Source, a.WasSkipped, a.ConfigVersion, a.Revision }),
            ["TaskId", "Id", "UserId", "ImportedRaterId", "Source", "WasSkipped", "ConfigVersion", "Revision"],
            (r, at) => new AnnotationRow(r.Int64(at[0]), r.Int64(at[1]), r.IsNull(at[2]) ? null : raterIds.Get(r.Utf8(at[2])), r.NullableInt64(at[3]),
                (AnnotationSource)r.Int32(at[4]), r.Boolean(at[5]), r.Int32(at[6]), r.Int32(at[7])), ct), PrefetchBlock, PrefetchBlocksAhead, ct,
                timings is null ? null : ticks => timings.AddTicks("annotations-wait", ticks)),
            a => a.TaskId);
        // The outcome as of the version's outcome watermark: the task's latest revision in the history not above it.
        using var outcomes = new MergeCursor<OutcomeRow>(DbRows.Read(outcomesDb, outcomesDb.TaskOutcomeRevisions.AsNoTracking()
                .Where(o => o.ProjectId == projectId && o.Id <= marks.Outcome).OrderBy(o => o.TaskId).ThenBy(o => o.Id)
                .Select(o => new { o.TaskId, o.State, o.ConsensusResultJson, o.DetailsJson, o.Method }),
            ["TaskId", "State", "ConsensusResultJson", "DetailsJson", "Method"],
            (r, at) => new OutcomeRow(r.Int64(at[0]), (TaskOutcomeState)r.Int32(at[1]), r.IsNull(at[2]) ? [] : results.Get(r.Utf8(at[2])),
                r.Utf8(at[3]).ToArray(), texts.Get(r.Utf8(at[4]))), ct), o => o.TaskId);
        using var resolutions = new MergeCursor<Resolution>(resolutionsDb.Resolutions.AsNoTracking()
            .Where(r => r.ProjectId == projectId && r.Id <= marks.Resolution).OrderBy(r => r.TaskId).ThenBy(r => r.Id).AsEnumerable(), r => r.TaskId);
        using var gold = new MergeCursor<GoldRow>(goldDb.GoldAnswers.AsNoTracking()
            .Where(g => g.ProjectId == projectId && g.Id <= marks.Gold).OrderBy(g => g.TaskId).ThenBy(g => g.Id)
            .Select(g => new GoldRow(g.TaskId, g.Id, g.ResultJson, g.Source, g.IsRetracted)).AsEnumerable(), g => g.TaskId);

        // The recorded generation's decided pairs (abstentions give no label); none without click feedback.
        var generation = clicks?.Generation ?? -1;
        using var clickLabels = new MergeCursor<ClickRow>(clicksDb.FeedbackLabels.AsNoTracking()
            .Where(l => l.ProjectId == projectId && l.IngestId == generation && l.TaskId != null && l.Decision != -1)
            .OrderBy(l => l.TaskId).ThenBy(l => l.Id)
            .Select(l => new ClickRow(l.TaskId!.Value, l.Id, l.Decision, l.Model, l.PRelevant)).AsEnumerable(), l => l.TaskId);

        var taskRows = new List<AnnotationRow>();
        var tasks = DbRows.Read(tasksDb, DatasetBuilder.TaskQuery(tasksDb, version, filter, 0).OrderBy(t => t.Id)
                .Select(t => new { t.Id, t.ExternalKey, t.DataJson, t.MetaJson, t.CreatedAt, t.ImportBatchId, t.SourceIndex }),
            ["Id", "ExternalKey", "DataJson", "MetaJson", "CreatedAt", "ImportBatchId", "SourceIndex"],
            (r, at) => new DatasetTask(r.Int64(at[0]), r.NullableString(at[1]), r.String(at[2]), r.NullableString(at[3]), r.DateTime(at[4]),
                r.NullableInt64(at[5]), r.Int32(at[6])), ct);
        foreach (var task in tasks)
        {
            annotations.Read(task.Id, taskRows);
            var outcome = outcomes.Last(task.Id);
            var resolution = resolutions.Last(task.Id);
            var latestGold = gold.Last(task.Id);
            var click = clicks is null ? null : clickLabels.Last(task.Id);
            var outcomeFact = outcome is null ? null : new OutcomeFact(outcome.State,
                outcome.Consensus, ControlOutcomeReader.Parse(outcome.DetailsJson), outcome.Method);
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
        // Two passes (count, then fill) so that a task costs one array, not a list and its copy.
        var count = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            if (IsCurrentRating(rows, rows[i])) count++;
        }
        if (count == 0) return [];
        var ids = new long[count];
        for (int i = 0, at = 0; i < rows.Count; i++)
        {
            if (IsCurrentRating(rows, rows[i])) ids[at++] = rows[i].Id;
        }
        return ids;
    }

    private static bool IsCurrentRating(List<AnnotationRow> rows, in AnnotationRow a)
    {
        if (a.WasSkipped || (a.UserId is null && a.ImportedRaterId is null)) return false;
        foreach (var n in rows)
        {
            if (n.Revision > a.Revision && n.UserId == a.UserId && n.ImportedRaterId == a.ImportedRaterId) return false;
        }
        return true;
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

    private static bool SameRater(in AnnotationRow a, in AnnotationRow b) => a.Source == AnnotationSource.Rater && b.Source == AnnotationSource.Rater
        ? a.UserId == b.UserId
        : a.Id == b.Id;

    internal sealed record DatasetInput(DatasetTask Task, FinalLabelInputs Inputs, List<DatasetBuilder.ChunkAnnotation> Answered);

    internal sealed record DatasetTask(long Id, string? ExternalKey, string DataJson, string? MetaJson, DateTime CreatedAt, long? ImportBatchId,
        int SourceIndex);

    /// <summary>A struct: three million of them in a large project's build cost no allocation each.</summary>
    private readonly record struct AnnotationRow(long TaskId, long Id, string? UserId, long? ImportedRaterId, AnnotationSource Source,
        bool WasSkipped, int ConfigVersion, int Revision);

    /// <summary>An outcome revision, its consensus answer parsed (shared between the tasks that agreed on it) and its
    /// control outcomes as UTF-8 JSON, parsed only for the revision a task's label is derived from.</summary>
    private sealed record OutcomeRow(long TaskId, TaskOutcomeState State, IReadOnlyList<Core.Results.ResultItem> Consensus, byte[] DetailsJson,
        string Method);

    private sealed record ClickRow(long TaskId, long Id, int Decision, string Model, double? PRelevant);

    private sealed record GoldRow(long TaskId, long Id, string ResultJson, GoldSource Source, bool IsRetracted);
}
