using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
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
/// (<see cref="DatasetInputReader"/>), applies the filters, writes the items a batch at a time (bounded transactions,
/// the write lock yielded between them) and yields each kept task as the row the format writers see, so that
/// the default file can be written in the same pass (see <see cref="IDatasetFormat.StreamsWhileBuilding"/>).
/// </summary>
internal sealed class DatasetFreezer(IDbContextFactory<AppDbContext> dbFactory, WriteLock writeLock, JobOptions jobOptions)
{
    public const int Chunk = 2000;

    /// <summary>Tasks per batch handed from the deriving side to the writing side.</summary>
    public const int Batch = 500;

    /// <summary>Batches the deriving side may run ahead of the writing side: what bounds the pipeline's memory.</summary>
    public const int BatchesInFlight = 4;

    /// <summary>
    /// Two stages on their own threads, joined by a bounded channel: one reads and derives (statistics included), the
    /// other inserts the items and hands the rows to the file writer, so that a second core overlaps them.
    /// </summary>
    public async IAsyncEnumerable<DatasetRow> FreezeAsync(AppDbContext db, DatasetVersion version, DatasetFilter filter,
        DatasetBuilder.BuildState build, JobRun run, long total, BuildTimings timings,
        DatasetClickInputs? clicks, [EnumeratorCancellation] CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var channel = Channel.CreateBounded<FrozenBatch>(new BoundedChannelOptions(BatchesInFlight) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(() => DeriveAllAsync(channel.Writer, version, filter, build, timings, clicks, stop.Token), CancellationToken.None);
        var done = 0L;
        await using var inserter = new DatasetItemWriter(db);
        var pending = new List<DatasetItem>(Batch + DatasetItemWriter.RowsPerStatement);
        try
        {
            while (true)
            {
                var waiting = Stopwatch.GetTimestamp();
                var more = await channel.Reader.WaitToReadAsync(ct);
                timings.Add("wait", waiting);
                if (!more) break;
                while (channel.Reader.TryRead(out var batch))
                {
                    pending.AddRange(batch.Items);
                    await FlushAsync(inserter, pending, last: false, timings, ct);
                    foreach (var row in batch.Rows) yield return row;
                    var before = done;
                    done += batch.Tasks;
                    if (done / Chunk != before / Chunk) await run.ReportAsync("freezing final labels", done, total);
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await producer;
        }
        await FlushAsync(inserter, pending, last: true, timings, ct);
        await run.ReportAsync("freezing final labels", done, total);
    }

    /// <summary>The deriving stage: never throws, it completes the channel with its failure instead.</summary>
    private async Task DeriveAllAsync(ChannelWriter<FrozenBatch> writer, DatasetVersion version, DatasetFilter filter,
        DatasetBuilder.BuildState build, BuildTimings timings, DatasetClickInputs? clicks, CancellationToken ct)
    {
        try
        {
            var controls = FinalLabelService.ControlNames(build.Config);
            var json = new FrozenLabelJson(DatasetRowReader.LabelJson);
            var batch = new FrozenBatch();
            using var inputs = DatasetInputReader.Read(dbFactory, version, filter, controls, clicks, ct).GetEnumerator();
            // Per stage ticks kept here and handed over once a batch: no shared state touched per task.
            long reading = 0, deriving = 0;
            var started = Stopwatch.GetTimestamp();
            while (inputs.MoveNext())
            {
                var read = Stopwatch.GetTimestamp();
                reading += read - started;
                var input = inputs.Current;
                if (Derive(json, version, filter, input, build) is var (item, frozen))
                {
                    var task = input.Task;
                    batch.Items.Add(item);
                    batch.Rows.Add(new DatasetRow(task.Id, task.ExternalKey, task.DataJson, task.MetaJson, task.CreatedAt, task.ImportBatchId,
                        task.SourceIndex, item.Split, DatasetNames.State(item.State), frozen, [], []));
                }
                started = Stopwatch.GetTimestamp();
                deriving += started - read;
                if (++batch.Tasks < Batch) continue;
                timings.AddTicks("read", reading);
                timings.AddTicks("derive", deriving);
                reading = deriving = 0;
                await writer.WriteAsync(batch, ct);
                batch = new FrozenBatch();
                started = Stopwatch.GetTimestamp();
            }
            timings.AddTicks("read", reading);
            timings.AddTicks("derive", deriving);
            if (batch.Tasks > 0) await writer.WriteAsync(batch, ct);
            writer.Complete();
        }
        catch (Exception e)
        {
            writer.Complete(e);
        }
    }

    /// <summary>Inserts the pending items in whole statements (all of them when <paramref name="last"/>), the rest kept for
    /// the next call, under bounded holds of the writer.</summary>
    private async Task FlushAsync(DatasetItemWriter inserter, List<DatasetItem> items, bool last, BuildTimings timings, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var from = 0;
        // However many items are pending, the writer is held a bounded time at once.
        while (items.Count - from >= (last ? 1 : DatasetItemWriter.RowsPerStatement))
        {
            using var writing = await writeLock.EnterBulkAsync(WriteHolder.Dataset, ct);
            from += await inserter.InsertAsync(items, from, jobOptions.HoldDeadline(Stopwatch.GetTimestamp()), !last, ct);
        }
        items.RemoveRange(0, from);
        timings.Add("insert", started);
    }

    private sealed class FrozenBatch
    {
        public int Tasks { get; set; }

        public List<DatasetItem> Items { get; } = new(Batch);

        public List<DatasetRow> Rows { get; } = new(Batch);
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
                .Select(c => $"{c.Control}={json.Short(c.Result)}")), 400),
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
