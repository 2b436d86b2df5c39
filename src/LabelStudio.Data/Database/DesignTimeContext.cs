using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.Data.Database;

/// <summary>
/// A context built from the same registrations as the app's, so Identity's schema options (passkeys, schema version 3)
/// shape the model exactly as at run time. Used by <c>dotnet ef</c> through each migrations project's factory.
/// </summary>
public static class DesignTimeContext
{
    public static AppDbContext Create(DatabaseProvider provider, string connectionString) =>
        StandaloneServices.Build(provider, connectionString).GetRequiredService<AppDbContext>();
}
