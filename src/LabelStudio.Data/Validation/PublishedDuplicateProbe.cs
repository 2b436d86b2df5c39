using System.Data.Common;
using System.Globalization;
using LabelStudio.Core.DataValidation;
using LabelStudio.Core.Import;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Import;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Validation;

/// <summary>
/// Finds the tasks of an import file whose data repeats a task already published in the project. Tasks are probed
/// <see cref="ChunkSize"/> at a time with one prepared, indexed query on (project, content hash); only visible tasks count (a
/// discarded or still-staging batch does not), and a hash hit is a duplicate only when the canonical data agree.
/// Reads only: raters never wait for it.
/// </summary>
internal sealed class PublishedDuplicateProbe(IDbContextFactory<AppDbContext> dbFactory, long projectId) : IAsyncDisposable
{
    public const int ChunkSize = 500;

    private readonly List<(int Line, long Hash, string DataJson)> _pending = new(ChunkSize);
    private AppDbContext? _db;
    private DbCommand? _query;
    private DbParameter[] _hashes = [];
    private bool _projectEmpty;

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
        if (_db is null)
        {
            _db = await dbFactory.CreateDbContextAsync(ct);
            // The import holds the project's staging batch, so nothing is published into the project until it ends: a
            // project without a visible task now has none to repeat for the whole file.
            _projectEmpty = !await _db.Tasks.AnyAsync(t => t.ProjectId == projectId, ct);
            if (!_projectEmpty) await PrepareAsync(_db, ct);
        }
        if (_projectEmpty)
        {
            _pending.Clear();
            return [];
        }

        var candidates = await CandidatesAsync(ct);
        var errors = new List<ImportError>();
        if (candidates.Count > 0)
        {
            // Ordered here: an ORDER BY Id makes SQLite walk the project's tasks by id instead of seeking the hash index.
            candidates.Sort((x, y) => x.Id.CompareTo(y.Id));
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

    /// <summary>
    /// One prepared query for a whole chunk, its <see cref="ChunkSize"/> hashes bound to fixed parameters (a short
    /// chunk repeats its first hash): built by EF for every chunk, the query cost more than the seeks it runs. Only
    /// visible tasks count: those outside any batch, and those of a published batch.
    /// </summary>
    private async Task PrepareAsync(AppDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        _query = db.Database.GetDbConnection().CreateCommand();
        var names = Enumerable.Range(0, ChunkSize).Select(i => "h" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        _query.CommandText =
            "SELECT t.\"Id\", t.\"ContentHash\", t.\"DataJson\", t.\"ExternalKey\", t.\"ImportBatchId\", b.\"FileName\" " +
            "FROM \"Tasks\" t LEFT JOIN \"ImportBatches\" b ON b.\"Id\" = t.\"ImportBatchId\" " +
            $"WHERE t.\"ProjectId\" = @ProjectId AND t.\"ContentHash\" IN ({string.Join(", ", names.Select(n => "@" + n))}) " +
            "AND (t.\"ImportBatchId\" IS NULL OR b.\"State\" = @Published)";
        DbCommandParameters.Add(_query, ["ProjectId", "Published", .. names]);
        DbCommandParameters.Set(_query, "ProjectId", projectId);
        DbCommandParameters.Set(_query, "Published", (int)ImportBatchState.Published);
        _hashes = names.Select(n => _query.Parameters["@" + n]).ToArray();
        if (db.IsSqlite) _query.Prepare();
    }

    private async Task<List<Existing>> CandidatesAsync(CancellationToken ct)
    {
        for (var i = 0; i < _hashes.Length; i++) _hashes[i].Value = _pending[i < _pending.Count ? i : 0].Hash;
        var candidates = new List<Existing>();
        await using var reader = await _query!.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            candidates.Add(new Existing(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }
        return candidates;
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
        if (_query is not null) await _query.DisposeAsync();
        if (_db is not null) await _db.DisposeAsync();
    }

    private sealed record Existing(long Id, long Hash, string DataJson, string? ExternalKey, long? BatchId, string? FileName);
}
