using System.Net;
using System.Net.Http.Json;
using LabelStudio.Data.Database;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Labeling;
using LabelStudio.Data.Projects;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.IntegrationTests.Labeling;

/// <summary>
/// A rater's next task must stay an index seek whatever SQLite's planner statistics say. The server refreshes them after
/// every import, when every task is open at level 0; from those, the planner once preferred walking the table by id and
/// stepped over every completed task on every request (5 to 10 times slower under load), and in random order it sorted
/// a whole completion level. The plan is read with EXPLAIN QUERY PLAN on the walk's own SQL. And the walk must never
/// miss a task because another rater's submit moved it between the walk's reads.
/// </summary>
public sealed class NextTaskWalkTests : IAsyncLifetime
{
    private const int TaskCount = 400;
    private readonly KestrelAppFactory _app = new();
    private long _projectId;
    private string _raterId = "";

    public async Task InitializeAsync()
    {
        await _app.CreateUserAsync("admin@test.local", Roles.Admin);
        var admin = await _app.SignInAsync("admin@test.local");
        _raterId = await _app.CreateUserAsync("alice@test.local", Roles.Rater);
        _projectId = await _app.CreateProjectAsync("Plans");
        await _app.AddMemberAsync(_projectId, _raterId);
        var imported = await admin.ImportAsync(_projectId, "tasks.jsonl", TestApp.TextTasks(TaskCount));
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<TaskOrder, string> Orders => new()
    {
        { TaskOrder.Sequential, NextTaskWalk.SequentialIndex },
        { TaskOrder.Random, NextTaskWalk.RandomIndex },
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Walk_StatisticsTakenRightAfterAnImport_SeeksTheCompletionIndex(TaskOrder order, string index)
    {
        await SetOrderAsync(order);
        Assert.True(await StatisticsRowsAsync() > 0, "the import left no planner statistics for Tasks");

        AssertSeeks(index, await WalkPlanAsync());
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Walk_StatisticsTakenWithHalfTheTasksComplete_SeeksTheCompletionIndex(TaskOrder order, string index)
    {
        await SetOrderAsync(order);
        await _app.QueryAsync(async db =>
        {
            var half = await db.Tasks.Where(t => t.ProjectId == _projectId).OrderBy(t => t.Id).Take(TaskCount / 2).Select(t => t.Id).ToListAsync();
            await db.Tasks.Where(t => half.Contains(t.Id)).ExecuteUpdateAsync(s => s.SetProperty(t => t.CompletedCount, 3).SetProperty(t => t.IsComplete, true));
            return await db.Database.ExecuteSqlRawAsync("ANALYZE;");
        });

        AssertSeeks(index, await WalkPlanAsync());
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Walk_NoStatistics_SeeksTheCompletionIndex(TaskOrder order, string index)
    {
        await SetOrderAsync(order);
        await _app.QueryAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM sqlite_stat1;"));

        AssertSeeks(index, await WalkPlanAsync());
    }

    [Fact]
    public async Task Walk_PlannedBeforeAnotherRatersSubmitLiftsTheTask_StillFindsIt()
    {
        // Every task but the first one done, so the first is the only one alice can get.
        await _app.QueryAsync(db => db.Tasks.Where(t => t.ProjectId == _projectId).OrderBy(t => t.Id).Skip(1)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.CompletedCount, 3).SetProperty(t => t.IsComplete, true)));
        var bobId = await _app.CreateUserAsync("bob@test.local", Roles.Rater);
        await _app.AddMemberAsync(_projectId, bobId);
        var bob = await _app.SignInAsync("bob@test.local");

        // Alice's request reads what it needs before it waits for the writer; bob's submit gets the writer first.
        var (walk, first) = await _app.QueryAsync(async db => (await NextTaskWalk.ReadAsync(db, _projectId, CancellationToken.None),
            await db.Tasks.Where(t => t.ProjectId == _projectId).MinAsync(t => t.Id)));
        var next = await bob.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/projects/{_projectId}/next");
        Assert.Equal(first, next.GetProperty("taskId").GetInt64());
        var submitted = await bob.PostAsync($"/api/tasks/{first}/annotations",
            new StringContent(TestApp.ChoiceResult("Positive"), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);

        var found = await _app.QueryAsync(async db => await NextTaskWalk.FindCandidateAsync(db,
            await db.Projects.SingleAsync(p => p.Id == _projectId), _raterId, walk, DateTime.UtcNow, CancellationToken.None));

        Assert.Equal(first, found);
    }

    private static void AssertSeeks(string index, IReadOnlyList<string> plan)
    {
        var text = string.Join("\n", plan);
        Assert.Contains($"USING INDEX {index} (ProjectId=? AND IsComplete=? AND CompletedCount=?", text);
        Assert.DoesNotContain("TEMP B-TREE", text);
        Assert.DoesNotContain(plan, line => line.StartsWith("SCAN", StringComparison.Ordinal));
    }

    private Task SetOrderAsync(TaskOrder order) =>
        _app.QueryAsync(db => db.Projects.Where(p => p.Id == _projectId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Order, order)));

    private Task<int> StatisticsRowsAsync() =>
        _app.QueryAsync(db => db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM sqlite_stat1 WHERE tbl = 'Tasks'").SingleAsync());

    /// <summary>EXPLAIN QUERY PLAN of the walk at level 0, on a connection that has just loaded the current statistics.</summary>
    private Task<IReadOnlyList<string>> WalkPlanAsync() => _app.QueryAsync<IReadOnlyList<string>>(async db =>
    {
        await db.Database.OpenConnectionAsync();
        // A pooled connection keeps the statistics it loaded when it opened; this reloads them.
        await db.Database.ExecuteSqlRawAsync("ANALYZE sqlite_schema;");
        var project = await db.Projects.SingleAsync(p => p.Id == _projectId);
        var walk = await NextTaskWalk.ReadAsync(db, _projectId, CancellationToken.None);
        await using var command = NextTaskWalk.CandidatesAt(db, project, _raterId, walk, 0, DateTime.UtcNow).CreateDbCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        var details = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) details.Add(reader.GetString(reader.GetOrdinal("detail")));
        return details;
    });
}
