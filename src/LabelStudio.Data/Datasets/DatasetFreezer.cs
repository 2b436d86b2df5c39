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
/// (<see cref="DatasetInputReader"/>), applies the filters, appends the items to the version's items file and yields
/// each kept task as the row the format writers see, so that
/// the default file can be written in the same pass (see <see cref="IDatasetFormat.StreamsWhileBuilding"/>).
/// </summary>
internal sealed class DatasetFreezer(IDbContextFactory<AppDbContext> dbFactory)
{
    public const int Chunk = 2000;

    /// <summary>Tasks per batch handed from the deriving side to the writing side.</summary>
    public const int Batch = 500;

    /// <summary>Batches the deriving side may run ahead of the writing side: what bounds the pipeline's memory.</summary>
    public const int BatchesInFlight = 4;

    /// <summary>
    /// Two stages on their own threads, joined by a bounded channel: one reads and derives, the other (in task order)
    /// adds each item to the statistics and the content hash, appends it to the items file and hands the row to the file
    /// writer, so that a second core overlaps them. Nothing goes to the database: the items file is the version's list.
    /// </summary>
    public async IAsyncEnumerable<DatasetRow> FreezeAsync(DatasetVersion version, DatasetFilter filter,
        DatasetBuilder.BuildState build, DatasetItemsFile.Writer items, JobRun run, long total, BuildTimings timings,
        DatasetClickInputs? clicks, [EnumeratorCancellation] CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var channel = Channel.CreateBounded<FrozenBatch>(new BoundedChannelOptions(BatchesInFlight) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(() => DeriveAllAsync(channel.Writer, version, filter, timings, clicks, build.Config, stop.Token), CancellationToken.None);
        var done = 0L;
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
                    var keeping = Stopwatch.GetTimestamp();
                    foreach (var (input, item, final) in batch.Items)
                    {
                        build.Add(input.Task, item, final, input.Answered);
                        items.Write(input.Task, item);
                    }
                    timings.Add("keep", keeping);
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
        await run.ReportAsync("freezing final labels", done, total);
    }

    /// <summary>The deriving stage: never throws, it completes the channel with its failure instead.</summary>
    private async Task DeriveAllAsync(ChannelWriter<FrozenBatch> writer, DatasetVersion version, DatasetFilter filter,
        BuildTimings timings, DatasetClickInputs? clicks, Core.LabelingConfig.LabelingConfiguration config, CancellationToken ct)
    {
        try
        {
            var controls = FinalLabelService.ControlNames(config);
            var json = new FrozenLabelJson(DatasetRowReader.LabelJson);
            var batch = new FrozenBatch();
            using var inputs = DatasetInputReader.Read(dbFactory, version, filter, controls, clicks, ct, timings).GetEnumerator();
            // Per stage ticks kept here and handed over once a batch: no shared state touched per task.
            long reading = 0, deriving = 0;
            var started = Stopwatch.GetTimestamp();
            while (inputs.MoveNext())
            {
                var read = Stopwatch.GetTimestamp();
                reading += read - started;
                var input = inputs.Current;
                if (Derive(json, version, filter, input) is var (item, frozen, final))
                {
                    var task = input.Task;
                    batch.Items.Add((input, item, final));
                    batch.Rows.Add(new DatasetRow(task.Id, task.ExternalKey, task.DataJson, task.MetaJson, task.CreatedAt, task.ImportBatchId,
                        task.SourceIndex, "", DatasetNames.State(item.State), frozen, [], [], item.LabelsJson));
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

    private sealed class FrozenBatch
    {
        public int Tasks { get; set; }

        public List<(DatasetInputReader.DatasetInput Input, FrozenItem Item, TaskFinalLabel Final)> Items { get; } = new(Batch);

        public List<DatasetRow> Rows { get; } = new(Batch);
    }

    /// <summary>
    /// The item a task freezes to (null when the scope or the filters leave it out), with its labels and final label for
    /// the build's statistics: the one derivation that building a version and reproducing it share.
    /// </summary>
    public static (FrozenItem Item, List<FrozenLabel> Frozen, TaskFinalLabel Final)? Derive(FrozenLabelJson json, DatasetVersion version,
        DatasetFilter filter, DatasetInputReader.DatasetInput input)
    {
        var final = FinalLabels.Derive(input.Inputs);
        if (!Matches(version.Scope, filter, final, input.Answered)) return null;
        var frozen = new List<FrozenLabel>(final.Controls.Count);
        for (var i = 0; i < final.Controls.Count; i++) frozen.Add(Freeze(final.Controls[i]));
        var item = new FrozenItem(input.Task.Id, final.State, final.Origin, LabelKey(json, final), json.SerializeUtf8(frozen));
        return (item, frozen, final);
    }

    /// <summary><c>control=value</c> of each labeled control joined by <c>"; "</c>, at most 400 characters.</summary>
    private static string LabelKey(FrozenLabelJson json, TaskFinalLabel final)
    {
        string? single = null;
        System.Text.StringBuilder? joined = null;
        for (var i = 0; i < final.Controls.Count; i++)
        {
            var c = final.Controls[i];
            if (c.Result.Count == 0) continue;
            var part = json.KeyPart(c.Control, c.Result);
            if (single is null && joined is null) single = part;
            else (joined ??= new System.Text.StringBuilder(single)).Append("; ").Append(part);
        }
        return Truncate(joined?.ToString() ?? single ?? "", 400);
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
