using Microsoft.Extensions.Configuration;

namespace LabelStudio.Data.Database;

public enum DatabaseProvider { Sqlite, SqlServer }

/// <summary>The <c>Database</c> configuration section plus <c>ConnectionStrings:LabelStudio</c>.</summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString)
{
    public const string DataDirectoryToken = "|DataDirectory|";

    public static DatabaseOptions FromConfiguration(IConfiguration configuration)
    {
        var providerText = configuration["Database:Provider"] ?? "Sqlite";
        if (!Enum.TryParse<DatabaseProvider>(providerText, ignoreCase: true, out var provider))
        {
            throw new InvalidOperationException(
                $"Database:Provider is '{providerText}'; it must be 'Sqlite' or 'SqlServer'.");
        }

        var connectionString = configuration.GetConnectionString("LabelStudio");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider == DatabaseProvider.SqlServer)
            {
                throw new InvalidOperationException(
                    "Database:Provider is SqlServer but ConnectionStrings:LabelStudio is empty.");
            }
            connectionString = $"Data Source={DataDirectoryToken}/labelstudio.db";
        }

        if (connectionString.Contains(DataDirectoryToken, StringComparison.Ordinal))
        {
            var dataDirectory = configuration["Database:DataDirectory"];
            if (string.IsNullOrWhiteSpace(dataDirectory))
            {
                dataDirectory = Path.Combine(
                    Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
                    "LabelStudio");
            }
            Directory.CreateDirectory(dataDirectory);
            connectionString = connectionString.Replace(DataDirectoryToken, dataDirectory, StringComparison.Ordinal);
        }

        return new DatabaseOptions(provider, connectionString);
    }
}
