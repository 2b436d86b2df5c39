using LabelStudio.Data.Demo;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.IntegrationTests.Projects;

public sealed class DemoSeedTests
{
    [Fact]
    public async Task EmptyDatabase_GetsDemo_AndASecondStartAddsNothing()
    {
        await using var app = new KestrelAppFactory(seedDemo: true);
        _ = app.BaseUrl;
        var users = await app.QueryAsync(db => db.Users.Select(u => u.Email).ToListAsync());
        Assert.Equal(5, users.Count);
        Assert.Contains("admin@labelstudio.local", users);
        var projects = await app.QueryAsync(db => db.Projects.Select(p => new { p.Id, p.Name }).ToListAsync());
        Assert.Equal(2, projects.Count);
        foreach (var p in projects)
        {
            var count = await app.QueryAsync(db => db.Tasks.CountAsync(t => t.ProjectId == p.Id));
            Assert.InRange(count, 24, 100);
            Assert.Equal(4, await app.QueryAsync(db => db.ProjectMembers.CountAsync(m => m.ProjectId == p.Id)));
        }

        using var scope = app.Services.CreateScope();
        var again = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync();
        Assert.Empty(again);
        Assert.Equal(2, await app.QueryAsync(db => db.Projects.CountAsync()));
    }

    [Fact]
    public async Task Database_IsInWalMode()
    {
        await using var app = new KestrelAppFactory();
        _ = app.BaseUrl;
        var mode = await app.QueryAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode;";
            return (string)(await command.ExecuteScalarAsync())!;
        });
        Assert.Equal("wal", mode);
    }
}
