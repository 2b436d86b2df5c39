using LabelStudio.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LabelStudio.Data.Database;

/// <summary>
/// Keeps SQLite's planner statistics (<c>sqlite_stat1</c>) current. Without them the planner guesses, and once picked an
/// index that made each import take 38 s. <c>PRAGMA optimize=0x10002</c> (SQLite's advice for a fresh connection: look
/// at every table, analyse those that never were or have grown or shrunk a lot, with a bounded analysis) runs at
/// start-up and after each large write (a job that succeeded: an import publish, a click ingest, a dataset build); it
/// is cheap when nothing changed. It writes the statistics table, so it holds the write lock for that moment only,
/// never inside another write. Nothing on SQL Server, which keeps its statistics itself.
/// </summary>
public sealed class SqliteStatistics(IDbContextFactory<AppDbContext> dbFactory, WriteLock writeLock, ILogger<SqliteStatistics> logger)
{
    internal const string Optimize = "PRAGMA optimize=0x10002;";

    /// <summary>Refreshes the statistics that need it; a failure is logged, never thrown (statistics are an optimisation).</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (!db.IsSqlite) return;
            using (await writeLock.EnterBulkAsync(WriteHolder.Cleanup, ct))
            {
                await RunAsync(db, ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Refreshing the SQLite planner statistics failed");
        }
    }

    /// <summary>At start-up, before anything else writes: no lock to take yet.</summary>
    internal static async Task RunAsync(AppDbContext db, CancellationToken ct)
    {
        if (!db.IsSqlite) return;
        await db.Database.ExecuteSqlRawAsync(Optimize, ct);
    }
}
