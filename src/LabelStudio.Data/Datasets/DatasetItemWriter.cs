using System.Data.Common;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// Inserts a chunk of items with one prepared command in one transaction (plain SQL both providers accept), far
/// cheaper than change tracking for a million rows; the items stay invisible until their version is Ready.
/// </summary>
internal static class DatasetItemWriter
{
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
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"INSERT INTO \"DatasetItems\" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) " +
                              $"VALUES ({string.Join(", ", Columns.Select(c => "@" + c))})";
        DbCommandParameters.Add(command, Columns);
        await command.PrepareAsync(ct);
        var next = from;
        while (next < items.Count && (next == from || System.Diagnostics.Stopwatch.GetTimestamp() < stopAt))
        {
            Set(command, items[next++]);
            await command.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return next - from;
    }

    private static void Set(DbCommand command, DatasetItem item)
    {
        DbCommandParameters.Set(command, "DatasetVersionId", item.DatasetVersionId);
        DbCommandParameters.Set(command, "TaskId", item.TaskId);
        DbCommandParameters.Set(command, "Split", item.Split);
        DbCommandParameters.Set(command, "State", (int)item.State);
        DbCommandParameters.Set(command, "LabelsJson", item.LabelsJson);
        DbCommandParameters.Set(command, "LabelKey", item.LabelKey);
        DbCommandParameters.Set(command, "Origin", (int)item.Origin);
    }
}
