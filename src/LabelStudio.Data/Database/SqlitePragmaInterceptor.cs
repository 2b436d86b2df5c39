using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LabelStudio.Data.Database;

/// <summary>
/// Sets per-connection SQLite pragmas. WAL itself is persistent in the file (set once at start-up); the busy timeout
/// and synchronous level are per connection, so concurrent raters wait for the writer instead of failing with
/// "database is locked".
/// </summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    // wal_autocheckpoint is reset because pooled connections keep it: a bulk writer turns it off for itself.
    private const string Pragmas = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; " +
                                   "PRAGMA wal_autocheckpoint = 1000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
