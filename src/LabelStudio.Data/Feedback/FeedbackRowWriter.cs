using System.Data.Common;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LabelStudio.Data.Feedback;

/// <summary>
/// Writes a generation's rows (labels, evidence) in short chunks, each its own transaction (prepared multi-row INSERTs;
/// EF's change tracker would grow with the log). The rows stay invisible until their ingest succeeds.
/// </summary>
internal sealed class FeedbackRowWriter : IAsyncDisposable
{
    private const int RowsPerStatement = 50;

    private readonly AppDbContext _db;
    private readonly WriteLock _writeLock;
    private readonly ChunkPacer _pacer;
    private readonly string _table;
    private readonly string[] _constantNames;
    private readonly object[] _constants;
    private readonly string[] _varying;
    private readonly Dictionary<int, PreparedInsert> _commands = [];
    private readonly List<object[]> _rows = [];
    private readonly JobOptions _options;
    private int _chunks;

    public FeedbackRowWriter(AppDbContext db, WriteLock writeLock, JobOptions options, string table,
        IReadOnlyDictionary<string, object> constants, string[] varying)
    {
        _db = db;
        _writeLock = writeLock;
        _pacer = new ChunkPacer(TimeSpan.FromMilliseconds(options.ChunkMilliseconds), writeLock);
        _options = options;
        _table = table;
        _constantNames = [.. constants.Keys];
        _constants = [.. constants.Values];
        _varying = varying;
    }

    /// <summary>A writer of labels (<see cref="FeedbackLabel"/>) of one generation.</summary>
    public static FeedbackRowWriter Labels(AppDbContext db, WriteLock writeLock, JobOptions options, long projectId, long ingestId,
        string model, string calibrationJson, DateTime now) => new(db, writeLock, options, "FeedbackLabels",
        new Dictionary<string, object>
        {
            ["ProjectId"] = projectId, ["IngestId"] = ingestId, ["Model"] = model, ["CalibrationJson"] = calibrationJson, ["CreatedAt"] = now,
        },
        ["QueryId", "DocId", "TaskId", "Score", "PRelevant", "Decision", "ReasonCode", "EvidenceJson", "Grade", "PGrade0", "PGrade1",
            "PGrade2", "PGrade3", "PGrade4", "ExpectedGrade"]);

    /// <summary>A writer of one log's evidence (<see cref="FeedbackPairEvidence"/>).</summary>
    public static FeedbackRowWriter Evidence(AppDbContext db, WriteLock writeLock, JobOptions options, long projectId, long ingestId) =>
        new(db, writeLock, options, "FeedbackEvidence",
            new Dictionary<string, object> { ["ProjectId"] = projectId, ["IngestId"] = ingestId },
            ["QueryId", "DocId", "Impressions", "Clicks", "SatClicks", "SdbnExamined", "SdbnLastClicks", "DistinctClickers",
                "ClickerClicks", "TopClicker", "TopClickerClicks", "Cells"]);

    public int Written { get; private set; }

    /// <summary>Adds a row: the varying columns' values in order (null for NULL).</summary>
    public async Task AddAsync(object?[] values, CancellationToken ct)
    {
        _rows.Add([.. values.Select(v => v ?? DBNull.Value)]);
        if (_rows.Count >= _pacer.Rows) await FlushAsync(ct);
    }

    /// <summary>
    /// Writes the buffered rows in short transactions: each commits once it has held the writer
    /// <see cref="JobOptions.MaxHoldMilliseconds"/>, so a waiting rater gets the writer next.
    /// </summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        while (_rows.Count > 0)
        {
            ct.ThrowIfCancellationRequested();
            await WriteChunkAsync(ct);
        }
    }

    private async Task WriteChunkAsync(CancellationToken ct)
    {
        long started;
        var written = 0;
        using (await _writeLock.EnterBulkAsync(WriteHolder.ClickIngest, ct))
        {
            started = _pacer.Start();
            var stopAt = _options.HoldDeadline(started);
            await using var tx = await _db.Database.BeginTransactionAsync(ct);
            var transaction = tx.GetDbTransaction();
            while (written < _rows.Count && (written == 0 || System.Diagnostics.Stopwatch.GetTimestamp() < stopAt))
            {
                var count = Math.Min(RowsPerStatement, _rows.Count - written);
                var insert = CommandFor(count);
                insert.Command.Transaction = transaction;
                var parameter = 0;
                for (var r = 0; r < count; r++)
                {
                    var row = _rows[written + r];
                    for (var c = 0; c < _varying.Length; c++) insert.Varying[parameter++].Value = row[c];
                }
                await insert.Command.ExecuteNonQueryAsync(ct);
                written += count;
            }
            await tx.CommitAsync(ct);
        }
        _pacer.Record(written, started);
        Written += written;
        _rows.RemoveRange(0, written);
        await _writeLock.RestAsync(System.Diagnostics.Stopwatch.GetElapsedTime(started), ct);
        if (++_chunks % 16 == 0) await BulkConnection.CheckpointAsync(_db, ct);
    }

    public ValueTask DisposeAsync()
    {
        foreach (var insert in _commands.Values) insert.Command.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A prepared INSERT of some rows, with its varying parameters row by row, column by column, so that a row's
    /// values are set without looking parameters up by name.</summary>
    private sealed record PreparedInsert(DbCommand Command, DbParameter[] Varying);

    /// <summary>One prepared command per statement size (the full one, and the tails).</summary>
    private PreparedInsert CommandFor(int rows)
    {
        if (_commands.TryGetValue(rows, out var insert)) return insert;
        var columns = string.Join(", ", _constantNames.Concat(_varying).Select(c => $"\"{c}\""));
        var command = _db.Database.GetDbConnection().CreateCommand();
        var constants = string.Join(", ", _constantNames.Select(c => "@" + c));
        var values = Enumerable.Range(0, rows).Select(r => $"({constants}, {string.Join(", ", _varying.Select(c => $"@{c}{r}"))})");
        command.CommandText = $"INSERT INTO \"{_table}\" ({columns}) VALUES {string.Join(", ", values)};";
        DbCommandParameters.Add(command, _constantNames);
        for (var i = 0; i < _constantNames.Length; i++) DbCommandParameters.Set(command, _constantNames[i], _constants[i]);
        for (var r = 0; r < rows; r++) DbCommandParameters.Add(command, _varying.Select(c => c + r));
        insert = new PreparedInsert(command, [.. command.Parameters.Cast<DbParameter>().Skip(_constantNames.Length)]);
        _commands[rows] = insert;
        return insert;
    }
}
