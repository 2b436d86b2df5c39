using System.Net;
using LabelStudio.Data.Identity;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.IntegrationTests.Database;

/// <summary>
/// SQLite plans queries from the statistics ANALYZE leaves in <c>sqlite_stat1</c>; without them it once chose an index
/// that made an import take 38 s. The server refreshes them after large writes, so a published import leaves them.
/// </summary>
public sealed class SqliteStatisticsTests : IAsyncLifetime
{
    private readonly KestrelAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<int> TaskStatisticsAsync() => _app.QueryAsync(async db =>
    {
        var exists = await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE name = 'sqlite_stat1'").SingleAsync();
        return exists == 0 ? 0 : await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM sqlite_stat1 WHERE tbl = 'Tasks'").SingleAsync();
    });

    [Fact]
    public async Task Import_Published_LeavesPlannerStatisticsForTasks()
    {
        await _app.CreateUserAsync("admin@test.local", Roles.Admin);
        var admin = await _app.SignInAsync("admin@test.local");
        var project = await _app.CreateProjectAsync("Statistics");
        Assert.Equal(0, await TaskStatisticsAsync());

        var response = await admin.ImportAsync(project, "tasks.jsonl", TestApp.TextTasks(200));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        Assert.True(await TaskStatisticsAsync() > 0, "sqlite_stat1 has no rows for Tasks after an import");
    }
}
