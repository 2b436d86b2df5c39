using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// Streams a query's rows through the provider's data reader, columns by ordinal: the query is still composed (and its
/// SQL written for the provider) by EF Core, but no row goes through EF's materialisation or an async state machine,
/// which together cost more than the rest of reading a million rows. Synchronous: it runs on a build's own thread.
/// </summary>
internal static class DbRows
{
    /// <summary>The rows of <paramref name="query"/>; <paramref name="columns"/> name its columns as the SQL does (a
    /// projection's member names), in the order <paramref name="map"/> reads their ordinals.</summary>
    public static IEnumerable<T> Read<T>(DbContext db, IQueryable query, string[] columns, Func<DbDataReader, int[], T> map,
        CancellationToken ct)
    {
        db.Database.OpenConnection();
        using var command = query.CreateDbCommand();
        using var reader = command.ExecuteReader();
        var at = Array.ConvertAll(columns, reader.GetOrdinal);
        var rows = 0;
        while (reader.Read())
        {
            if ((++rows & 4095) == 0) ct.ThrowIfCancellationRequested();
            yield return map(reader, at);
        }
    }

    public static string? NullableString(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? NullableInt64(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
