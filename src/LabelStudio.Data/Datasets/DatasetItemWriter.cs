using System.Data.Common;
using LabelStudio.Data.Database;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// Inserts a chunk of items in one transaction with prepared multi-row INSERTs (plain SQL both providers accept, at most
/// <see cref="RowsPerStatement"/> rows and well under SQL Server's 2,100 parameters each): far cheaper than change
/// tracking, or than one statement per row, for a million rows. The items stay invisible until their version is Ready.
/// </summary>
internal sealed class DatasetItemWriter(AppDbContext db) : IAsyncDisposable
{
    public const int RowsPerStatement = 100;

    private static readonly string[] Columns = ["DatasetVersionId", "TaskId", "Split", "State", "LabelsJson", "LabelKey", "Origin"];

    // The full statement is prepared once per build and reused by every transaction.
    private DbCommand? _full;

    /// <summary>
    /// Inserts <paramref name="items"/> from <paramref name="from"/> on, and stops after at least one statement once the
    /// <see cref="System.Diagnostics.Stopwatch"/> timestamp <paramref name="stopAt"/> has passed; returns how many it inserted.
    /// With <paramref name="wholeStatements"/> it leaves the last items short of a full statement for the next call.
    /// </summary>
    public async Task<int> InsertAsync(IReadOnlyList<DatasetItem> items, int from, long stopAt, bool wholeStatements, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        var end = wholeStatements ? from + (items.Count - from) / RowsPerStatement * RowsPerStatement : items.Count;
        if (end == from) return 0;
        await using var tx = await connection.BeginTransactionAsync(ct);
        var next = from;
        // A statement of up to RowsPerStatement rows at a time, until the deadline: the writer is held a bounded time.
        while (next < end && (next == from || System.Diagnostics.Stopwatch.GetTimestamp() < stopAt))
        {
            var rows = Math.Min(RowsPerStatement, end - next);
            if (rows == RowsPerStatement)
            {
                _full ??= await PrepareAsync(connection, tx, rows, ct);
                _full.Transaction = tx;
                await ExecuteAsync(_full, items, next, rows, ct);
            }
            else
            {
                await using var command = await PrepareAsync(connection, tx, rows, ct);
                await ExecuteAsync(command, items, next, rows, ct);
            }
            next += rows;
        }
        await tx.CommitAsync(ct);
        return next - from;
    }

    public async ValueTask DisposeAsync()
    {
        if (_full is not null) await _full.DisposeAsync();
    }

    private static async Task ExecuteAsync(DbCommand command, IReadOnlyList<DatasetItem> items, int from, int rows, CancellationToken ct)
    {
        for (var r = 0; r < rows; r++) Set(command, r, items[from + r]);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<DbCommand> PrepareAsync(DbConnection connection, DbTransaction tx, int rows, CancellationToken ct)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        var values = Enumerable.Range(0, rows).Select(r => "(" + string.Join(", ", Columns.Select((_, c) => $"@p{r * Columns.Length + c}")) + ")");
        command.CommandText = $"INSERT INTO \"DatasetItems\" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) VALUES {string.Join(", ", values)}";
        for (var i = 0; i < rows * Columns.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            parameter.Value = DBNull.Value;
            command.Parameters.Add(parameter);
        }
        await command.PrepareAsync(ct);
        return command;
    }

    // Parameters by position: row r's columns are r * 7 .. r * 7 + 6, in the order of Columns.
    private static void Set(DbCommand command, int row, DatasetItem item)
    {
        var p = command.Parameters;
        var at = row * Columns.Length;
        p[at].Value = item.DatasetVersionId;
        p[at + 1].Value = item.TaskId;
        p[at + 2].Value = item.Split;
        p[at + 3].Value = (int)item.State;
        p[at + 4].Value = item.LabelsJson;
        p[at + 5].Value = item.LabelKey;
        p[at + 6].Value = (int)item.Origin;
    }
}
