using System.Globalization;
using LabelStudio.Data.Datasets;
using Microsoft.Data.Sqlite;

namespace LabelStudio.IntegrationTests.Datasets;

/// <summary>Rows read from the statement directly give the values the provider gives, dates included.</summary>
public sealed class SqliteStatementRowsTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"statement-rows-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    [Fact]
    public void DateTime_RepeatedAndChangingTimes_EachReadsAsTheProviderReadsIt()
    {
        string[] stored =
        [
            "2026-12-02 13:26:56.9151162", "2026-12-02 13:26:56.9151162", "2026-12-02 13:26:57", "2026-12-02 13:26:56.9151162",
            "2026-12-02 13:26:56.915116", "2025-01-31 00:00:00", "2025-01-31 00:00:00",
        ];
        using var connection = new SqliteConnection($"Data Source={_file}");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE T (Id INTEGER PRIMARY KEY, CreatedAt TEXT NOT NULL)";
            create.ExecuteNonQuery();
        }
        for (var i = 0; i < stored.Length; i++)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO T (Id, CreatedAt) VALUES ($id, $at)";
            insert.Parameters.AddWithValue("$id", i + 1);
            insert.Parameters.AddWithValue("$at", stored[i]);
            insert.ExecuteNonQuery();
        }
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT CreatedAt FROM T WHERE Id > $after ORDER BY Id";
        query.Parameters.AddWithValue("$after", 0L);

        using var rows = SqliteStatementRows.TryPrepare(query) ?? throw new InvalidOperationException("not prepared directly");
        var read = new List<DateTime>();
        while (rows.Read()) read.Add(rows.DateTime(0));

        Assert.Equal(stored.Select(s => DateTime.Parse(s, CultureInfo.InvariantCulture)), read);
        Assert.NotEqual(read[0], read[4]);
    }
}
