using LabelStudio.Data.Database;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.Migrations.Sqlite;

/// <summary>
/// Used by <c>dotnet ef</c> only. The context comes from the same registrations as the app's, so Identity's schema
/// options (passkeys, schema version 3) shape the model exactly as at run time.
/// </summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:LabelStudio"] = "Data Source=design-time.db",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLabelStudioCore(configuration);
        services.AddLabelStudioIdentityCore();
        return services.BuildServiceProvider().GetRequiredService<AppDbContext>();
    }
}
