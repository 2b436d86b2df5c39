using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Database;

/// <summary>
/// A connection that writes in bulk checkpoints the SQLite write-ahead log itself, between its chunks and outside the
/// write lock. Left to SQLite, the checkpoint runs inside whichever commit pushes the log past its limit, often a
/// rater's submit, which would then carry the copying of an import's pages.
/// </summary>
internal static class BulkConnection
{
    /// <summary>Task data written between two checkpoints (the log grows by a few times this, with the indexes).</summary>
    public const long CheckpointEveryBytes = 8L << 20;

    public static Task PrepareAsync(AppDbContext db, CancellationToken ct) =>
        db.IsSqlite ? db.Database.ExecuteSqlRawAsync("PRAGMA wal_autocheckpoint = 0;", ct) : Task.CompletedTask;

    /// <summary>Copies what it can of the log into the database without waiting for (or blocking) anyone.</summary>
    public static Task CheckpointAsync(AppDbContext db, CancellationToken ct) =>
        db.IsSqlite ? db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(PASSIVE);", ct) : Task.CompletedTask;

    /// <summary>
    /// After a long read (a version's single pass) kept SQLite from restarting the log: copies the log into the
    /// database without waiting for anyone, and has this connection's next commit, which restarts the log, cut the file
    /// back to <see cref="LogSizeLimitBytes"/>.
    /// </summary>
    public static Task SettleLogAsync(AppDbContext db, CancellationToken ct) =>
        db.IsSqlite
            ? db.Database.ExecuteSqlRawAsync($"PRAGMA journal_size_limit = {LogSizeLimitBytes}; PRAGMA wal_checkpoint(PASSIVE);", ct)
            : Task.CompletedTask;

    public const long LogSizeLimitBytes = 64L << 20;
}
