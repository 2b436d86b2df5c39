using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.IntegrationTests.Review;

/// <summary>The task browser and task detail through the API: states, filters, sorting, paging and the full picture of a task.</summary>
public sealed class TaskBrowserApiTests : IAsyncLifetime
{
    private ReviewScenario _s = null!;

    public async Task InitializeAsync() => _s = await ReviewScenario.StartAsync();

    public async Task DisposeAsync() => await _s.DisposeAsync();

    private async Task<JsonElement> TasksAsync(long project, string query = "") =>
        await _s.Lead.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/tasks{query}");

    [Fact]
    public async Task Tasks_EveryState_FilteredSortedAndPaged()
    {
        var project = await _s.ProjectAsync("Browser", 3, "agreed one", "tied one", "resolved one", "invalid one", "reserved one", "open one");
        var agreed = await _s.ChoicesAsync(project, "Positive", "Positive", "Positive");
        var tied = await _s.ChoicesAsync(project, "Positive", "Negative", "Neutral");
        var resolved = await _s.ChoicesAsync(project, "Negative", "Neutral", "Positive");
        await _s.ResolveAsync(resolved, $$"""{"decision":"edit","result":[{{ReviewScenario.Choice("Neutral")}}]}""");
        var invalid = await _s.App.QueryAsync(db => db.Tasks.Where(t => t.ProjectId == project && t.DataJson.Contains("invalid")).Select(t => t.Id).SingleAsync());
        await _s.ResolveAsync(invalid, """{"decision":"invalid"}""");
        var reserved = (await _s.NextAsync(0, project))!.Value;

        var all = await TasksAsync(project);
        Assert.Equal(6, all.GetProperty("total").GetInt32());
        var states = all.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("taskId").GetInt64(), i => i.GetProperty("state").GetString());
        Assert.Equal("Agreed", states[agreed]);
        Assert.Equal("Conflict", states[tied]);
        Assert.Equal("Resolved", states[resolved]);
        Assert.Equal("Invalid", states[invalid]);
        Assert.Equal("Reserved", states[reserved]);
        Assert.Single(states, s => s.Value == "Open");

        Assert.Equal([tied], Ids(await TasksAsync(project, "?state=Conflict")));
        Assert.Equal([reserved], Ids(await TasksAsync(project, "?state=Reserved")));
        Assert.Equal([resolved], Ids(await TasksAsync(project, "?search=resolved")));
        var row = (await TasksAsync(project, "?state=Resolved")).GetProperty("items")[0];
        Assert.Equal("Neutral", row.GetProperty("finalLabel").GetString());
        Assert.Equal("Resolution", row.GetProperty("origin").GetString());
        Assert.Equal("reviews.jsonl #3", row.GetProperty("name").GetString());

        var byAgreement = Ids(await TasksAsync(project, "?sort=Agreement&desc=true"));
        Assert.Equal(agreed, byAgreement[0]);
        var page2 = await TasksAsync(project, "?pageSize=4&page=2");
        Assert.Equal(2, page2.GetProperty("items").GetArrayLength());
        Assert.Equal(6, page2.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await _s.Raters[1].GetAsync($"/api/projects/{project}/tasks")).StatusCode);
    }

    [Fact]
    public async Task Task_Detail_HasAnswersInNameOrder_TheCandidates_TheHistoryAndTheLineage()
    {
        var project = await _s.ProjectAsync("Detail", 3, "split");
        var task = await _s.ChoicesAsync(project, "Positive", "Negative", "Neutral");
        await _s.ResolveAsync(task, """{"decision":"invalid","comment":"spam"}""");

        var detail = await _s.Lead.GetFromJsonAsync<JsonElement>($"/api/tasks/{task}");

        var names = detail.GetProperty("annotations").EnumerateArray().Select(a => a.GetProperty("name").GetString()).ToList();
        Assert.Equal(names.Order(StringComparer.OrdinalIgnoreCase), names);
        Assert.True(detail.GetProperty("majority").GetProperty("noMajority").GetBoolean());
        Assert.Equal("reviews.jsonl", detail.GetProperty("lineage").GetProperty("file").GetString());
        Assert.Equal([1], detail.GetProperty("lineage").GetProperty("annotationConfigVersions").EnumerateArray().Select(v => v.GetInt32()));
        var history = detail.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(3, history.Count(e => e.GetProperty("kind").GetString() == "annotation"));
        Assert.Contains(history, e => e.GetProperty("kind").GetString() == "resolution" && e.GetProperty("comment").GetString() == "spam");
        Assert.Equal("Invalid", detail.GetProperty("final").GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await _s.Raters[0].GetAsync($"/api/tasks/{task}")).StatusCode);
    }

    [Fact]
    public async Task Tasks_AllRatingsInButNotScoredYet_AreComplete_AndTheStateFilterFindsThem()
    {
        var project = await _s.ProjectAsync("Unscored", 2, "scored one", "unscored one", "open one");
        var agreed = await _s.ChoicesAsync(project, "Positive", "Positive");
        var unscored = await _s.ChoicesAsync(project, "Negative", "Neutral");
        // Let the recompute the submits asked for finish, then take the task back to "its submit-time scoring failed":
        // all ratings in, no outcome until the next recompute.
        await _s.WaitForSnapshotAsync(project, ratings: 4);
        await _s.App.QueryAsync(db => db.TaskOutcomes.Where(o => o.TaskId == unscored).ExecuteDeleteAsync());

        var states = (await TasksAsync(project)).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("taskId").GetInt64(), i => i.GetProperty("state").GetString());
        Assert.Equal("Agreed", states[agreed]);
        Assert.Equal("Complete", states[unscored]);
        Assert.Single(states, s => s.Value == "Open");
        var complete = await TasksAsync(project, "?state=Complete");
        Assert.Equal([unscored], Ids(complete));
        var row = complete.GetProperty("items")[0];
        Assert.Equal(2, row.GetProperty("ratings").GetInt32());
        Assert.Equal("", row.GetProperty("finalLabel").GetString());
        Assert.Empty(Ids(await TasksAsync(project, "?state=Conflict")));
        Assert.DoesNotContain(unscored, Ids(await TasksAsync(project, "?state=Open")));
    }

    private static List<long> Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("taskId").GetInt64())];
}
