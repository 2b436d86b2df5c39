using System.Data.Common;
using LabelStudio.Data.Database;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// Inserts a chunk of items in one transaction with prepared multi-row INSERTs (plain SQL both providers accept, at most
/// <see cref="RowsPerStatement"/> rows and well under SQL Server's 2,100 parameters each): far cheaper than change
/// tracking, or than one statement per row, for a million rows. The items stay invisible until their version is Ready.
/// </summary>
internal static class DatasetItemWriter
{
    public const int RowsPerStatement = 100;

    private static readonly string[] Columns = ["DatasetVersionId", "TaskId", "Split", "State", "LabelsJson", "LabelKey", "Origin"];

    /// <summary>
    /// Inserts <paramref name="items"/> from <paramref name="from"/> on, and stops after at least one once the
    /// <see cref="System.Diagnostics.Stopwatch"/> timestamp <paramref name="stopAt"/> has passed; returns how many it inserted.
    /// </summary>
    public static async Task<int> InsertAsync(AppDbContext db, IReadOnlyList<DatasetItem> items, int from, long stopAt, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        DbCommand? full = null;
        var next = from;
        try
        {
            // A statement of up to RowsPerStatement rows at a time, until the deadline: the writer is held a bounded time.
            while (next < items.Count && (next == from || System.Diagnostics.Stopwatch.GetTimestamp() < stopAt))
            {
                var rows = Math.Min(RowsPerStatement, items.Count - next);
                DbCommand command;
                if (rows == RowsPerStatement) command = full ??= await PrepareAsync(connection, tx, rows, ct);
                else command = await PrepareAsync(connection, tx, rows, ct);
                for (var r = 0; r < rows; r++) Set(command, r, items[next + r]);
                await command.ExecuteNonQueryAsync(ct);
                if (command != full) await command.DisposeAsync();
                next += rows;
            }
        }
        finally
        {
            if (full is not null) await full.DisposeAsync();
        }
        await tx.CommitAsync(ct);
        return next - from;
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
