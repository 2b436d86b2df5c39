using LabelStudio.Data.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

public static class DatabaseServiceCollectionExtensions
{
    public const string SqliteMigrationsAssembly = "LabelStudio.Migrations.Sqlite";
    public const string SqlServerMigrationsAssembly = "LabelStudio.Migrations.SqlServer";

    /// <summary>The one place that picks the database provider and its migrations assembly.</summary>
    public static IServiceCollection AddLabelStudioDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        DatabaseOptions.Register(services);
        services.AddDbContextFactory<AppDbContext>((sp, o) => Configure(o, sp.GetRequiredService<DatabaseOptions>()));
        return services;
    }

    public static void Configure(DbContextOptionsBuilder builder, DatabaseOptions options)
    {
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                builder.UseSqlite(options.ConnectionString, x => x.MigrationsAssembly(SqliteMigrationsAssembly));
                builder.AddInterceptors(new SqlitePragmaInterceptor());
                break;
            case DatabaseProvider.SqlServer:
                builder.UseSqlServer(options.ConnectionString, x => x.MigrationsAssembly(SqlServerMigrationsAssembly));
                break;
        }
    }
}
