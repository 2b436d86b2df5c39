using System.Globalization;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LabelStudio.Data.Feedback;

/// <summary>
/// Writes an ingest's labels in short chunks, each its own transaction (prepared multi-row INSERTs; EF's change
/// tracker would grow with the log). The labels stay invisible until their ingest succeeds.
/// </summary>
internal sealed class FeedbackLabelWriter : IAsyncDisposable
{
    private const int RowsPerStatement = 50;
    private static readonly string[] Varying = ["QueryId", "DocId", "TaskId", "Score", "PRelevant", "Decision", "ReasonCode", "EvidenceJson"];

    private readonly AppDbContext _db;
    private readonly WriteLock _writeLock;
    private readonly ChunkPacer _pacer;
    private readonly object[] _constants;
    private readonly DbCommandCache _commands;
    private readonly List<object[]> _rows = [];
    private int _chunks;

    public FeedbackLabelWriter(AppDbContext db, WriteLock writeLock, JobOptions options, long projectId, long ingestId,
        string model, string calibrationJson, DateTime now)
    {
        _db = db;
        _writeLock = writeLock;
        _pacer = new ChunkPacer(TimeSpan.FromMilliseconds(options.ChunkMilliseconds), writeLock);
        _constants = [projectId, ingestId, model, calibrationJson, now];
        _commands = new DbCommandCache(this);
    }

    public int Written { get; private set; }

    public async Task AddAsync(string queryId, string docId, long? taskId, double score, double pRel, int decision,
        string? reason, string evidenceJson, CancellationToken ct)
    {
        _rows.Add([queryId, docId, (object?)taskId ?? DBNull.Value, score, pRel, decision, (object?)reason ?? DBNull.Value, evidenceJson]);
        if (_rows.Count >= _pacer.Rows) await FlushAsync(ct);
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        if (_rows.Count == 0) return;
        long started;
        using (await _writeLock.EnterBulkAsync(ct))
        {
            started = _pacer.Start();
            await using var tx = await _db.Database.BeginTransactionAsync(ct);
            var transaction = tx.GetDbTransaction();
            for (var offset = 0; offset < _rows.Count; offset += RowsPerStatement)
            {
                var count = Math.Min(RowsPerStatement, _rows.Count - offset);
                var command = _commands.For(count);
                command.Transaction = transaction;
                for (var r = 0; r < count; r++)
                {
                    var suffix = r.ToString(CultureInfo.InvariantCulture);
                    for (var c = 0; c < Varying.Length; c++) DbCommandParameters.Set(command, Varying[c] + suffix, _rows[offset + r][c]);
                }
                await command.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        _pacer.Record(_rows.Count, started);
        Written += _rows.Count;
        _rows.Clear();
        await _writeLock.RestAsync(System.Diagnostics.Stopwatch.GetElapsedTime(started), ct);
        if (++_chunks % 16 == 0) await BulkConnection.CheckpointAsync(_db, ct);
    }

    public ValueTask DisposeAsync()
    {
        _commands.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>One prepared command per statement size (the full one, and the tails).</summary>
    private sealed class DbCommandCache(FeedbackLabelWriter writer) : IDisposable
    {
        private readonly Dictionary<int, System.Data.Common.DbCommand> _byRows = [];

        public System.Data.Common.DbCommand For(int rows)
        {
            if (_byRows.TryGetValue(rows, out var command)) return command;
            const string columns = "\"ProjectId\", \"IngestId\", \"Model\", \"CalibrationJson\", \"CreatedAt\", \"QueryId\", \"DocId\", " +
                                   "\"TaskId\", \"Score\", \"PRelevant\", \"Decision\", \"ReasonCode\", \"EvidenceJson\"";
            command = writer._db.Database.GetDbConnection().CreateCommand();
            var values = Enumerable.Range(0, rows).Select(r =>
                $"(@ProjectId, @IngestId, @Model, @CalibrationJson, @CreatedAt, {string.Join(", ", Varying.Select(c => $"@{c}{r}"))})");
            command.CommandText = $"INSERT INTO \"FeedbackLabels\" ({columns}) VALUES {string.Join(", ", values)};";
            DbCommandParameters.Add(command, ["ProjectId", "IngestId", "Model", "CalibrationJson", "CreatedAt"]);
            string[] constantNames = ["ProjectId", "IngestId", "Model", "CalibrationJson", "CreatedAt"];
            for (var i = 0; i < constantNames.Length; i++) DbCommandParameters.Set(command, constantNames[i], writer._constants[i]);
            for (var r = 0; r < rows; r++) DbCommandParameters.Add(command, Varying.Select(c => c + r));
            _byRows[rows] = command;
            return command;
        }

        public void Dispose()
        {
            foreach (var command in _byRows.Values) command.Dispose();
        }
    }
}
