using LabelStudio.Data.Database;
using LabelStudio.Data.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.IntegrationTests.Database;

/// <summary>
/// SQL Server cannot run here, so its support is checked through its migrations: the model has no change without a
/// migration, and the generated script creates every table with SQL Server types. A live run needs a server.
/// </summary>
public sealed class MigrationTests
{
    public const string SqlServerVariable = "LABELSTUDIO_TEST_SQLSERVER";

    private static readonly string[] Tables =
        ["Projects", "LabelConfigVersions", "ProjectMembers", "ImportBatches", "Tasks", "Annotations", "Reservations",
         "Predictions", "TaskOutcomes", "QualitySnapshots", "GoldAnswers", "FeedbackIngests", "FeedbackLabels",
         "FeedbackSettings", "FeedbackSeeds", "AspNetUsers", "AspNetRoles", "AspNetUserRoles", "AspNetUserPasskeys"];

    [Fact]
    public void Sqlite_ModelHasNoChangesWithoutAMigration()
    {
        using var db = new LabelStudio.Migrations.Sqlite.DesignTimeDbContextFactory().CreateDbContext([]);
        Assert.True(db.Database.GetMigrations().Any());
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed: add a SQLite migration.");
    }

    [Fact]
    public void SqlServer_ModelHasNoChangesWithoutAMigration()
    {
        using var db = new LabelStudio.Migrations.SqlServer.DesignTimeDbContextFactory().CreateDbContext([]);
        Assert.True(db.Database.GetMigrations().Any());
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed: add a SQL Server migration.");
    }

    [Fact]
    public void SqlServer_ScriptCreatesEveryTableWithSqlServerTypes()
    {
        using var db = new LabelStudio.Migrations.SqlServer.DesignTimeDbContextFactory().CreateDbContext([]);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        foreach (var table in Tables)
        {
            Assert.Contains($"CREATE TABLE [{table}]", script);
        }
        Assert.Contains("bigint NOT NULL IDENTITY", script);
        Assert.Contains("nvarchar(max)", script);
        Assert.Contains("datetime2", script);
        Assert.Contains("WHERE [UserId] IS NOT NULL", script);
        Assert.DoesNotContain("AUTOINCREMENT", script);
    }

    [Fact]
    public void Sqlite_ScriptCreatesEveryTable()
    {
        using var db = new LabelStudio.Migrations.Sqlite.DesignTimeDbContextFactory().CreateDbContext([]);
        var script = db.GetService<IMigrator>().GenerateScript();
        foreach (var table in Tables)
        {
            Assert.Contains($"CREATE TABLE \"{table}\"", script);
        }
    }

    [SkippableFact]
    public async Task SqlServer_Live_MigratesAndSeedsRoles_RunsOnlyWhen_LABELSTUDIO_TEST_SQLSERVER_IsSet()
    {
        var connectionString = Environment.GetEnvironmentVariable(SqlServerVariable);
        Skip.If(string.IsNullOrWhiteSpace(connectionString),
            $"SKIPPED: no SQL Server here. Set {SqlServerVariable} to a connection string (to an empty database) to run this test.");

        await using var provider = StandaloneServices.Build(DatabaseProvider.SqlServer, connectionString!);
        await DatabaseInitializer.MigrateAsync(provider);
        using var scope = provider.CreateScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        Assert.True(await roles.RoleExistsAsync(Roles.Admin));
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }
}
