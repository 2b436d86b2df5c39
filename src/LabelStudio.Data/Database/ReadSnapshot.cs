using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LabelStudio.Data.Database;

/// <summary>
/// A read-only transaction: every query in it sees the database as of its first read. On SQLite it is a deferred
/// transaction (a plain one would be BEGIN IMMEDIATE and take the single writer, making raters wait); a WAL reader
/// blocks nobody. On SQL Server it is a read-committed transaction, as reads are anyway.
/// </summary>
public static class ReadSnapshot
{
    public static async Task<IDbContextTransaction> BeginAsync(AppDbContext db, CancellationToken ct)
    {
        if (!db.IsSqlite) return await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, ct);
        await db.Database.OpenConnectionAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        return await db.Database.UseTransactionAsync(connection.BeginTransaction(deferred: true), ct)
               ?? throw new InvalidOperationException("The read transaction could not be used.");
    }
}
