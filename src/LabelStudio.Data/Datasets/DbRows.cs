using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// Streams a query's rows, columns by ordinal: the query is still composed (and its SQL written for the provider) by EF
/// Core, but no row goes through EF's materialisation or an async state machine, which together cost more than the rest
/// of reading a million rows. On SQLite the statement is stepped directly (<see cref="SqliteStatementRows"/>), since the
/// provider's reader checks every column's type and count on each access; elsewhere the provider's data reader is read.
/// Synchronous: it runs on a build's own thread.
/// </summary>
internal static class DbRows
{
    /// <summary>The rows of <paramref name="query"/>; <paramref name="columns"/> name its columns as the SQL does (a
    /// projection's member names), in the order <paramref name="map"/> reads their ordinals.</summary>
    public static IEnumerable<T> Read<T>(DbContext db, IQueryable query, string[] columns, Func<IDbRow, int[], T> map,
        CancellationToken ct)
    {
        db.Database.OpenConnection();
        using var command = query.CreateDbCommand();
        using var rows = SqliteStatementRows.TryPrepare(command) ?? (IDbRowReader)new ProviderRows(command.ExecuteReader());
        var at = Array.ConvertAll(columns, rows.Ordinal);
        var count = 0;
        while (rows.Read())
        {
            if ((++count & 4095) == 0) ct.ThrowIfCancellationRequested();
            yield return map(rows, at);
        }
    }

    public static string? NullableString(this IDbRow row, int ordinal) => row.IsNull(ordinal) ? null : row.String(ordinal);

    public static long? NullableInt64(this IDbRow row, int ordinal) => row.IsNull(ordinal) ? null : row.Int64(ordinal);

    /// <summary>A provider's data reader as rows.</summary>
    private sealed class ProviderRows(DbDataReader reader) : IDbRowReader
    {
        private byte[] _utf8 = new byte[256];

        public bool Read() => reader.Read();

        public int Ordinal(string column) => reader.GetOrdinal(column);

        public bool IsNull(int ordinal) => reader.IsDBNull(ordinal);

        public long Int64(int ordinal) => reader.GetInt64(ordinal);

        public int Int32(int ordinal) => reader.GetInt32(ordinal);

        public bool Boolean(int ordinal) => reader.GetBoolean(ordinal);

        public string String(int ordinal) => reader.GetString(ordinal);

        public DateTime DateTime(int ordinal) => reader.GetDateTime(ordinal);

        public ReadOnlySpan<byte> Utf8(int ordinal)
        {
            var text = reader.GetString(ordinal);
            var most = Encoding.UTF8.GetMaxByteCount(text.Length);
            if (_utf8.Length < most) _utf8 = new byte[Math.Max(most, _utf8.Length * 2)];
            return _utf8.AsSpan(0, Encoding.UTF8.GetBytes(text, _utf8));
        }

        public void Dispose() => reader.Dispose();
    }
}

/// <summary>One row of a query's result, columns by ordinal (see <see cref="DbRows"/>).</summary>
internal interface IDbRow
{
    bool IsNull(int ordinal);

    long Int64(int ordinal);

    int Int32(int ordinal);

    bool Boolean(int ordinal);

    string String(int ordinal);

    DateTime DateTime(int ordinal);

    /// <summary>The column's text as UTF-8, valid until the next row is read.</summary>
    ReadOnlySpan<byte> Utf8(int ordinal);
}

/// <summary>A query's rows, one at a time.</summary>
internal interface IDbRowReader : IDbRow, IDisposable
{
    bool Read();

    int Ordinal(string column);
}
