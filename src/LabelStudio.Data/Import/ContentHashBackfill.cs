using System.Diagnostics;
using LabelStudio.Core.DataValidation;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LabelStudio.Data.Import;

/// <summary>
/// Gives a project's tasks from before content hashes existed their <see cref="TaskContentHash"/>, so the duplicate
/// check across files sees them. Runs when a job opens a staging batch in the project (nothing else writes its tasks
/// then); rows are read <see cref="ChunkRows"/> at a time outside the write lock and updated in transactions that each
/// hold it at most <see cref="JobOptions.MaxHoldMilliseconds"/>. Once done, it costs one index probe per job.
/// </summary>
internal static class ContentHashBackfill
{
    public const int ChunkRows = 500;

    /// <summary>Hashes the project's tasks that have no hash; returns how many.</summary>
    public static async Task<int> RunAsync(AppDbContext db, long projectId, WriteLock writeLock, JobOptions options, CancellationToken ct)
    {
        var total = 0;
        var after = 0L;
        await using var update = db.Database.GetDbConnection().CreateCommand();
        update.CommandText = "UPDATE \"Tasks\" SET \"ContentHash\" = @Hash WHERE \"Id\" = @Id";
        DbCommandParameters.Add(update, ["Hash", "Id"]);
        while (true)
        {
            // Ordered by the (null) hash so that SQLite seeks the (project, hash) index: ordered by id it would walk
            // every task of the project even when none lacks a hash.
            var rows = await db.Tasks.IgnoreQueryFilters().AsNoTracking()
                .Where(t => t.ProjectId == projectId && t.ContentHash == null && t.Id > after)
                .OrderBy(t => t.ContentHash).Take(ChunkRows).Select(t => new { t.Id, t.DataJson }).ToListAsync(ct);
            if (rows.Count == 0) return total;
            var hashed = rows.Select(r => (r.Id, Hash: TaskContentHash.Of(r.DataJson))).ToList();
            var next = 0;
            while (next < hashed.Count)
            {
                using (await writeLock.EnterBulkAsync(WriteHolder.Import, ct))
                {
                    var deadline = options.HoldDeadline(Stopwatch.GetTimestamp());
                    await using var tx = await db.Database.BeginTransactionAsync(ct);
                    update.Transaction = tx.GetDbTransaction();
                    do
                    {
                        DbCommandParameters.Set(update, "Hash", hashed[next].Hash);
                        DbCommandParameters.Set(update, "Id", hashed[next].Id);
                        await update.ExecuteNonQueryAsync(ct);
                        next++;
                    }
                    while (next < hashed.Count && Stopwatch.GetTimestamp() < deadline);
                    await tx.CommitAsync(ct);
                }
            }
            after = rows.Max(r => r.Id);
            total += rows.Count;
        }
    }
}
