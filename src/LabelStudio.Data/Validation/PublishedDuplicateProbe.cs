using System.Globalization;
using LabelStudio.Core.DataValidation;
using LabelStudio.Core.Import;
using LabelStudio.Data.Database;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Validation;

/// <summary>
/// Finds the tasks of an import file whose data repeats a task already published in the project. Tasks are probed
/// <see cref="ChunkSize"/> at a time with one indexed query on (project, content hash); only visible tasks count (a
/// discarded or still-staging batch does not), and a hash hit is a duplicate only when the canonical data agree.
/// Reads only: raters never wait for it.
/// </summary>
internal sealed class PublishedDuplicateProbe(IDbContextFactory<AppDbContext> dbFactory, long projectId) : IAsyncDisposable
{
    public const int ChunkSize = 500;

    private readonly List<(int Line, long Hash, string DataJson)> _pending = new(ChunkSize);
    private AppDbContext? _db;

    /// <summary>Tasks of the file found to repeat a published task so far.</summary>
    public int Found { get; private set; }

    /// <summary>Queues a task; returns the duplicates found when its chunk was probed.</summary>
    public async Task<IReadOnlyList<ImportError>> AddAsync(int line, long hash, string dataJson, CancellationToken ct)
    {
        _pending.Add((line, hash, dataJson));
        return _pending.Count >= ChunkSize ? await ProbeAsync(ct) : [];
    }

    /// <summary>Probes the tasks still queued.</summary>
    public Task<IReadOnlyList<ImportError>> FinishAsync(CancellationToken ct) => ProbeAsync(ct);

    private async Task<IReadOnlyList<ImportError>> ProbeAsync(CancellationToken ct)
    {
        if (_pending.Count == 0) return [];
        _db ??= await dbFactory.CreateDbContextAsync(ct);
        var hashes = _pending.Select(p => (long?)p.Hash).Distinct().ToList();
        var candidates = await (
            from t in _db.Tasks.AsNoTracking()
            where t.ProjectId == projectId && hashes.Contains(t.ContentHash)
            join b in _db.ImportBatches on t.ImportBatchId equals (long?)b.Id into batches
            from b in batches.DefaultIfEmpty()
            select new Existing(t.Id, t.ContentHash!.Value, t.DataJson, t.ExternalKey, t.ImportBatchId, b == null ? null : b.FileName))
            .ToListAsync(ct);
        // Ordered here: an ORDER BY Id makes SQLite walk the project's tasks by id instead of seeking the hash index.
        candidates.Sort((x, y) => x.Id.CompareTo(y.Id));
        var errors = new List<ImportError>();
        if (candidates.Count > 0)
        {
            var byHash = candidates.ToLookup(c => c.Hash);
            var canonical = new Dictionary<long, string>();
            foreach (var (line, hash, dataJson) in _pending)
            {
                if (!byHash.Contains(hash)) continue;
                var mine = TaskContentHash.Canonical(dataJson);
                var match = byHash[hash].FirstOrDefault(c => (canonical.TryGetValue(c.Id, out var known)
                    ? known : canonical[c.Id] = TaskContentHash.Canonical(c.DataJson)) == mine);
                if (match is null) continue;
                Found++;
                errors.Add(new ImportError(line, "data", Describe(match)));
            }
        }
        _pending.Clear();
        return errors;
    }

    private static string Describe(Existing task)
    {
        var key = task.ExternalKey is { Length: > 0 } k ? $" (key \"{k.Replace('\t', ' ')}\")" : "";
        var source = task.BatchId is { } batch
            ? string.Create(CultureInfo.InvariantCulture, $", imported from {task.FileName} (batch {batch})")
            : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"The task repeats task {task.Id}{key} already in the project{source}. Remove it from the file, or allow duplicates for this import.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_db is not null) await _db.DisposeAsync();
    }

    private sealed record Existing(long Id, long Hash, string DataJson, string? ExternalKey, long? BatchId, string? FileName);
}
