using System.Diagnostics;
using System.Runtime.CompilerServices;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Datasets.Formats;
using LabelStudio.Data.Jobs;
using LabelStudio.Data.Labeling;
using LabelStudio.Data.Review;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// The pass over a project that freezes a version: derives each task's final label from the merged input streams
/// (<see cref="DatasetInputReader"/>), applies the filters, writes the items a chunk at a time (one transaction per
/// chunk, the write lock yielded between chunks) and yields each kept task as the row the format writers see, so that
/// the default file can be written in the same pass (see <see cref="IDatasetFormat.StreamsWhileBuilding"/>).
/// </summary>
internal sealed class DatasetFreezer(IDbContextFactory<AppDbContext> dbFactory, WriteLock writeLock, JobOptions jobOptions)
{
    private readonly FrozenLabelJson _json = new(DatasetRowReader.LabelJson);

    public const int Chunk = 2000;

    public async IAsyncEnumerable<DatasetRow> FreezeAsync(AppDbContext db, DatasetVersion version, IQueryable<LabelTask> tasks,
        DatasetFilter filter, DatasetBuilder.BuildState build, bool keepMembers, JobRun run, long total, BuildTimings timings,
        DatasetClickInputs? clicks, [EnumeratorCancellation] CancellationToken ct)
    {
        var controls = FinalLabelService.ControlNames(build.Config);
        var items = new List<DatasetItem>(Chunk);
        var done = 0L;
        var inputs = DatasetInputReader.ReadAsync(dbFactory, version.ProjectId, tasks, controls, DatasetWatermarks.Of(version), clicks, ct).GetAsyncEnumerator(ct);
        try
        {
            while (await timings.TimeAsync("read", inputs.MoveNextAsync))
            {
                var started = Stopwatch.GetTimestamp();
                var input = inputs.Current;
                var row = Freeze(version, filter, input, build, items);
                timings.Add("derive", started);
                if (row is not null) yield return row;
                if (++done % Chunk != 0) continue;
                await FlushAsync(db, items, keepMembers, build, timings, ct);
                await run.ReportAsync("freezing final labels", done, total);
            }
        }
        finally
        {
            await inputs.DisposeAsync();
        }
        await FlushAsync(db, items, keepMembers, build, timings, ct);
        await run.ReportAsync("freezing final labels", done, total);
    }

    private async Task FlushAsync(AppDbContext db, List<DatasetItem> items, bool keepMembers, DatasetBuilder.BuildState build,
        BuildTimings timings, CancellationToken ct)
    {
        if (items.Count == 0) return;
        var started = Stopwatch.GetTimestamp();
        // However many items a chunk of tasks gave, the writer is held a bounded time at once.
        for (var from = 0; from < items.Count;)
        {
            using var writing = await writeLock.EnterBulkAsync(WriteHolder.Dataset, ct);
            from += await DatasetItemWriter.InsertAsync(db, items, from, jobOptions.HoldDeadline(Stopwatch.GetTimestamp()), ct);
        }
        if (keepMembers) build.Remember(items);
        items.Clear();
        timings.Add("insert", started);
    }

    private DatasetRow? Freeze(DatasetVersion version, DatasetFilter filter, DatasetInputReader.DatasetInput input,
        DatasetBuilder.BuildState build, List<DatasetItem> items)
    {
        if (Derive(_json, version, filter, input, build) is not var (item, frozen)) return null;
        items.Add(item);
        var task = input.Task;
        return new DatasetRow(task.Id, task.ExternalKey, task.DataJson, task.MetaJson, task.CreatedAt, task.ImportBatchId, task.SourceIndex,
            item.Split, DatasetNames.State(item.State), frozen, [], []);
    }

    /// <summary>
    /// The item a task freezes to (null when the scope or the filters leave it out), added to the build's statistics:
    /// the one derivation that building a version and reproducing it share.
    /// </summary>
    public static (DatasetItem Item, List<FrozenLabel> Frozen)? Derive(FrozenLabelJson json, DatasetVersion version, DatasetFilter filter, DatasetInputReader.DatasetInput input,
        DatasetBuilder.BuildState build)
    {
        var final = FinalLabels.Derive(input.Inputs);
        if (!Matches(version.Scope, filter, final, input.Answered)) return null;
        var frozen = final.Controls.Select(Freeze).ToList();
        var item = new DatasetItem
        {
            DatasetVersionId = version.Id, TaskId = input.Task.Id, State = final.State, Origin = final.Origin,
            LabelsJson = json.Serialize(frozen),
            LabelKey = Truncate(string.Join("; ", final.Controls.Where(c => c.Result.Count > 0)
                .Select(c => $"{c.Control}={LabelValues.Short(c.Result)}")), 400),
        };
        build.Add(input.Task, item, final, input.Answered);
        return (item, frozen);
    }

    private static bool Matches(DatasetScope scope, DatasetFilter filter, TaskFinalLabel final, List<DatasetBuilder.ChunkAnnotation> answered)
    {
        if (scope == DatasetScope.Final && !filter.IncludeUnlabeled && !final.HasLabel) return false;
        if (scope == DatasetScope.All && answered.Count == 0) return false;
        if (filter.States is { Count: > 0 } states && !states.Contains(final.State)) return false;
        if (filter.Origins is { Count: > 0 } origins && !final.Controls.Any(c => origins.Contains(c.Origin))) return false;
        if (filter.Labels is { Count: > 0 } labels
            && !final.Controls.Any(c => LabelValues.Names(c.Result).Any(n => labels.Contains(n, StringComparer.Ordinal)))) return false;
        if (filter.Raters is { Count: > 0 } raters && !answered.Any(a => a.UserId is not null && raters.Contains(a.UserId))) return false;
        return true;
    }

    public static FrozenLabel Freeze(FinalLabel label) => new(label.Control, DatasetNames.Origin(label.Origin), label.Method,
        label.Agreement, label.Posterior, label.Ratings, label.AnnotationIds, label.ResolutionId, label.GoldAnswerId, label.Reason, label.Result);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
