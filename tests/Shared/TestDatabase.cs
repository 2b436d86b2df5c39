namespace LabelStudio.Tests.Shared;

/// <summary>A real SQLite file in its own temporary folder, removed at the end.</summary>
public sealed class TestDatabase : IDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "labelstudio-tests", Guid.NewGuid().ToString("N"));

    public TestDatabase() => System.IO.Directory.CreateDirectory(Directory);

    public string FilePath => Path.Combine(Directory, "labelstudio.db");

    public string ConnectionString => $"Data Source={FilePath}";

    /// <summary>One number read straight from the file (a count, an id), outside the app.</summary>
    public long Scalar(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
