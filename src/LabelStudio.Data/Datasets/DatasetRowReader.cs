using System.Runtime.CompilerServices;
using System.Text.Json;
using LabelStudio.Data.Database;
using LabelStudio.Data.Datasets.Formats;
using LabelStudio.Data.Labeling;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// Streams a version's rows in task order, a chunk at a time (from its items file, or for a version made before items
/// files, keyset paging on its item rows): the frozen final
/// labels with the task's data and lineage and, when asked, the annotations and predictions that were current at the
/// version's watermarks. Memory holds one chunk, whatever the size of the version.
/// </summary>
public static class DatasetRowReader
{
    public const int Chunk = 1000;

    public static readonly JsonSerializerOptions LabelJson = new();

    public static async IAsyncEnumerable<DatasetRow> ReadAsync(AppDbContext db, DatasetStorage storage, DatasetVersion version,
        bool withAnnotations, [EnumeratorCancellation] CancellationToken ct)
    {
        var emails = new Dictionary<string, string?>(StringComparer.Ordinal);
        var labelReader = new FrozenLabelReader(LabelJson);
        var chunks = DatasetItemsFile.Exists(storage, version.Id)
            ? FileChunks(storage, version.Id, ct)
            : TableChunksAsync(db, version, ct);
        await foreach (var chunk in chunks)
        {
            var ids = chunk.Select(c => c.TaskId).ToArray();
            ILookup<long, ExportAnnotation> annotations = Array.Empty<ExportAnnotation>().ToLookup(a => 0L);
            ILookup<long, ExportPrediction> predictions = Array.Empty<ExportPrediction>().ToLookup(p => 0L);
            if (withAnnotations)
            {
                annotations = await AnnotationsAsync(db, version, ids, emails, ct);
                predictions = (await db.Predictions.AsNoTracking().Where(p => ids.Contains(p.TaskId) && p.Id <= version.PredictionWatermark)
                        .OrderBy(p => p.Id).ToListAsync(ct))
                    .ToLookup(p => p.TaskId, p => new ExportPrediction(p.Id, p.ResultJson, p.Score, p.ModelVersion, p.CreatedAt));
            }
            foreach (var c in chunk)
            {
                var labels = labelReader.Read(c.LabelsJson);
                yield return new DatasetRow(c.TaskId, c.ExternalKey, c.DataJson, c.MetaJson, c.CreatedAt, c.ImportBatchId, c.SourceIndex,
                    c.Split, DatasetNames.State(c.State), labels, [.. annotations[c.TaskId]], [.. predictions[c.TaskId]]);
            }
        }
    }

    /// <summary>The version's items file, a chunk at a time (synchronous reads of a local file, in large buffers).</summary>
    private static async IAsyncEnumerable<List<StoredItem>> FileChunks(DatasetStorage storage, long versionId,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var chunk = new List<StoredItem>(Chunk);
        foreach (var item in DatasetItemsFile.Read(storage, versionId))
        {
            chunk.Add(item);
            if (chunk.Count < Chunk) continue;
            ct.ThrowIfCancellationRequested();
            yield return chunk;
            chunk = new List<StoredItem>(Chunk);
        }
        if (chunk.Count > 0) yield return chunk;
        await Task.CompletedTask;
    }

    /// <summary>The items of a version made before items files: its DatasetItems rows joined with their tasks.</summary>
    private static async IAsyncEnumerable<List<StoredItem>> TableChunksAsync(AppDbContext db, DatasetVersion version,
        [EnumeratorCancellation] CancellationToken ct)
    {
        long last = 0;
        while (true)
        {
            var chunk = await db.DatasetItems.AsNoTracking()
                .Where(i => i.DatasetVersionId == version.Id && i.TaskId > last)
                .OrderBy(i => i.TaskId).Take(Chunk)
                .Join(db.Tasks.IgnoreQueryFilters(), i => i.TaskId, t => t.Id, (i, t) => new
                {
                    i.TaskId, i.Split, i.State, i.Origin, i.LabelKey, i.LabelsJson, t.ExternalKey, t.DataJson, t.MetaJson, t.CreatedAt, t.ImportBatchId,
                    t.SourceIndex,
                })
                .ToListAsync(ct);
            if (chunk.Count == 0) yield break;
            last = chunk[^1].TaskId;
            yield return [.. chunk.Select(c => new StoredItem(c.TaskId, c.ExternalKey, c.DataJson, c.MetaJson, c.CreatedAt, c.ImportBatchId,
                c.SourceIndex, c.State, c.Origin, c.LabelKey, System.Text.Encoding.UTF8.GetBytes(c.LabelsJson), c.Split))];
        }
    }

    /// <summary>A version's items in task order without their task fields' use: from its items file, else its table rows.</summary>
    internal static IAsyncEnumerable<StoredItem> ItemsAsync(AppDbContext db, DatasetStorage storage, DatasetVersion version, CancellationToken ct) =>
        DatasetItemsFile.Exists(storage, version.Id)
            ? DatasetItemsFile.Read(storage, version.Id).ToAsyncEnumerable()
            : TableChunksAsync(db, version, ct).SelectMany(c => c.ToAsyncEnumerable());

    /// <summary>The annotations current at the watermark: per rater the highest revision not above it; imported ones all.</summary>
    private static async Task<ILookup<long, ExportAnnotation>> AnnotationsAsync(AppDbContext db, DatasetVersion version, long[] ids,
        Dictionary<string, string?> emails, CancellationToken ct)
    {
        var rows = await db.Annotations.AsNoTracking().Where(a => ids.Contains(a.TaskId) && a.Id <= version.AnnotationWatermark)
            .OrderBy(a => a.Id).ToListAsync(ct);
        var current = rows
            .GroupBy(a => (a.TaskId, Key: a.Source == AnnotationSource.Rater ? a.UserId : "#" + a.Id))
            .Select(g => g.MaxBy(a => a.Revision)!)
            .OrderBy(a => a.Id).ToList();
        var missing = current.Where(a => a.Source == AnnotationSource.Rater && a.UserId is not null && !emails.ContainsKey(a.UserId))
            .Select(a => a.UserId!).Distinct().ToList();
        if (missing.Count > 0)
        {
            foreach (var user in await db.Users.AsNoTracking().Where(u => missing.Contains(u.Id)).Select(u => new { u.Id, u.Email }).ToListAsync(ct))
            {
                emails[user.Id] = user.Email;
            }
        }
        return current.ToLookup(a => a.TaskId, a =>
        {
            var imported = a.Source == AnnotationSource.Imported;
            var author = imported ? a.ImportedAuthor : a.UserId;
            var email = !imported && a.UserId is not null ? emails.GetValueOrDefault(a.UserId) : null;
            return new ExportAnnotation(a.Id, author, email, a.ResultJson, a.WasSkipped, a.CreatedAt, a.LeadTimeSeconds, a.ConfigVersion, imported);
        });
    }
}
