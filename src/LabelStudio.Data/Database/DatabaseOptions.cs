using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LabelStudio.Data.Database;

public enum DatabaseProvider { Sqlite, SqlServer }

/// <summary>
/// The <c>Database</c> section plus <c>ConnectionStrings:LabelStudio</c>. After binding, <see cref="ConnectionString"/>
/// holds the connection string with <c>|DataDirectory|</c> resolved, and <see cref="DataDirectory"/> the folder used.
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string DataDirectoryToken = "|DataDirectory|";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    public string DataDirectory { get; set; } = "";

    public string ConnectionString { get; set; } = "";

    /// <summary>Options for tests and tools that name the provider and connection string directly.</summary>
    public static DatabaseOptions For(DatabaseProvider provider, string connectionString) =>
        new() { Provider = provider, ConnectionString = connectionString, DataDirectory = DefaultDataDirectory() };

    internal static void Register(IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(Section)
            .Configure<IConfiguration>((o, configuration) => Resolve(o, configuration.GetConnectionString("LabelStudio")))
            .Validate(o => o.Provider != DatabaseProvider.SqlServer || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Database:Provider is SqlServer but ConnectionStrings:LabelStudio is empty.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<DatabaseOptions>>().Value);
    }

    private static void Resolve(DatabaseOptions o, string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(o.DataDirectory)) o.DataDirectory = DefaultDataDirectory();
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (o.Provider == DatabaseProvider.SqlServer) return;
            connectionString = $"Data Source={DataDirectoryToken}/labelstudio.db";
        }
        if (connectionString.Contains(DataDirectoryToken, StringComparison.Ordinal))
        {
            Directory.CreateDirectory(o.DataDirectory);
            connectionString = connectionString.Replace(DataDirectoryToken, o.DataDirectory, StringComparison.Ordinal);
        }
        o.ConnectionString = connectionString;
    }

    private static string DefaultDataDirectory() => Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
        "LabelStudio");
}
