using Microsoft.Data.Sqlite;

namespace LabelStudio.IntegrationTests.Infrastructure;

/// <summary>The row count of every table of a SQLite file, read straight from the file.</summary>
public sealed record DatabaseSnapshot(IReadOnlyDictionary<string, long> Rows)
{
    public static DatabaseSnapshot Take(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__EFMigrationsHistory'";
            using var reader = list.ExecuteReader();
            while (reader.Read()) tables.Add(reader.GetString(0));
        }
        var rows = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            rows[table] = (long)count.ExecuteScalar()!;
        }
        return new DatabaseSnapshot(rows);
    }

    /// <summary>Tables whose count differs, as "Table: before → after".</summary>
    public IReadOnlyList<string> Differences(DatabaseSnapshot after, params string[] ignore) =>
        Rows.Keys.Union(after.Rows.Keys).Where(t => !ignore.Contains(t))
            .Where(t => Rows.GetValueOrDefault(t) != after.Rows.GetValueOrDefault(t))
            .Select(t => $"{t}: {Rows.GetValueOrDefault(t)} → {after.Rows.GetValueOrDefault(t)}").ToList();
}
