using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Projects;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.IntegrationTests.Quality;

/// <summary>Gold answers: import, the gold API, gold at submit time and in the recompute, on a real SQLite file.</summary>
public sealed class GoldTests : IAsyncLifetime
{
    private readonly KestrelAppFactory _app = new();
    private HttpClient _admin = null!;
    private List<HttpClient> _raters = [];
    private List<string> _raterIds = [];

    public async Task InitializeAsync() => (_admin, _raters, _raterIds) = await _app.SignInAdminAndThreeRatersAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static string Region(string choice) =>
        $$$"""{"id":"g1","from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["{{{choice}}}"]}}""";

    /// <summary>A JSONL line in Label Studio's export shape; with a gold choice, one annotation marked ground_truth.</summary>
    private static string Line(string text, string? gold) => gold is null
        ? JsonSerializer.Serialize(new { text })
        : $$$"""{"data":{"text":"{{{text}}}"},"annotations":[{"completed_by":1,"ground_truth":true,"was_cancelled":false,"result":[{{{Region(gold)}}}]}]}""";

    private async Task<long> ProjectAsync(string name, params (string Text, string? Gold)[] tasks)
    {
        var id = await _app.CreateProjectAsync(name, overlap: 3);
        foreach (var rater in _raterIds) await _app.AddMemberAsync(id, rater);
        var lines = string.Join('\n', tasks.Select(t => Line(t.Text, t.Gold)));
        Assert.Equal(HttpStatusCode.Created, (await _admin.ImportAsync(id, "gold.jsonl", lines + "\n")).StatusCode);
        return id;
    }

    private async Task<long> ChoicesAsync(long projectId, params string[] choices)
    {
        long task = 0;
        for (var i = 0; i < choices.Length; i++)
        {
            var next = await _raters[i].GetAsync($"/api/projects/{projectId}/next");
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
            var id = (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("taskId").GetInt64();
            Assert.True(task == 0 || task == id, "the raters should get the same task");
            task = id;
            var response = await _raters[i].PostAsync($"/api/tasks/{id}/annotations",
                new StringContent(TestApp.ChoiceResult(choices[i]), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        return task;
    }

    private async Task<JsonElement> OutcomeAsync(long taskId) =>
        await _admin.GetFromJsonAsync<JsonElement>($"/api/tasks/{taskId}/outcome");

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Import_GroundTruthAnnotation_BecomesAGoldAnswer()
    {
        var project = await ProjectAsync("Imported gold", ("great phone", "Positive"), ("plain task", null));

        var gold = await _app.QueryAsync(db => db.GoldAnswers.Where(g => g.ProjectId == project).ToListAsync());
        var row = Assert.Single(gold);
        Assert.Equal(GoldSource.Import, row.Source);
        Assert.False(row.IsRetracted);
        Assert.Contains("\"Positive\"", row.ResultJson);
        var task = await _app.QueryAsync(db => db.Tasks.Where(t => t.Id == row.TaskId).Select(t => t.DataJson).SingleAsync());
        Assert.Contains("great phone", task);

        var view = await _admin.GetFromJsonAsync<JsonElement>($"/api/tasks/{row.TaskId}/gold");
        Assert.True(view.GetProperty("hasGold").GetBoolean());
        Assert.Equal("Import", view.GetProperty("source").GetString());
    }

    [Fact]
    public async Task Submit_RatersAgreeButGoldDiffers_IsAGoldConflictWithPriorityOne()
    {
        var project = await ProjectAsync("Gold conflict", ("the screen is fine", "Negative"));
        var task = await ChoicesAsync(project, "Positive", "Positive", "Positive");

        var outcome = await OutcomeAsync(task);
        Assert.Equal("Conflict", outcome.GetProperty("state").GetString());
        Assert.Equal(["GoldDisagreement"], outcome.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(1.0, outcome.GetProperty("priority").GetDouble());
        // The stored consensus stays the raters' answer; the conflict list shows gold next to it.
        Assert.Contains("\"Positive\"", outcome.GetProperty("consensusResultJson").GetString());
        var page = await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/conflicts");
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("Negative", item.GetProperty("gold").GetString());
        Assert.Equal("Positive", item.GetProperty("consensus").GetString());

        // A lead accepts the raters' answer as gold: on a conflict that is the lead's decision, so the task is resolved.
        Assert.Equal(HttpStatusCode.OK, (await _admin.PutAsync($"/api/tasks/{task}/gold?comment=raters%20are%20right", Json($"[{Region("Positive")}]"))).StatusCode);
        outcome = await OutcomeAsync(task);
        Assert.Equal("Resolved", outcome.GetProperty("state").GetString());
        Assert.Equal(0, (await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/conflicts")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task GoldRuleSwitchedOff_GoldDisagreementIsNotAConflict()
    {
        var project = await ProjectAsync("Gold off", ("ok", "Negative"));
        var settings = await _admin.PutAsJsonAsync($"/api/projects/{project}/quality/settings",
            new { minMajorityShare = 0.6, minPosterior = 0.9, flagTies = true, flagGoldDisagreement = false });
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        var task = await ChoicesAsync(project, "Positive", "Positive", "Positive");
        Assert.Equal("Agreed", (await OutcomeAsync(task)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task PutGold_AsLead_Works_AsRater_IsForbidden_AsOutsider_IsNotFound()
    {
        var project = await ProjectAsync("Manual gold", ("a", null));
        var task = await _app.QueryAsync(db => db.Tasks.Where(t => t.ProjectId == project).Select(t => t.Id).SingleAsync());
        var leadId = await _app.CreateUserAsync("lead@test.local", Roles.Lead);
        await _app.AddMemberAsync(project, leadId, ProjectRole.Lead);
        var lead = await _app.SignInAsync("lead@test.local");

        var put = await lead.PutAsync($"/api/tasks/{task}/gold", Json($"[{Region("Neutral")}]"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var view = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(view.GetProperty("hasGold").GetBoolean());
        Assert.Equal("Manual", view.GetProperty("source").GetString());
        var row = await _app.QueryAsync(db => db.GoldAnswers.SingleAsync(g => g.TaskId == task));
        Assert.Equal(leadId, row.CreatedById);
        Assert.Equal(project, row.ProjectId);

        // Raters never see nor set gold; non-members do not learn the task exists.
        var rater = _raters[0];
        Assert.Equal(HttpStatusCode.Forbidden, (await rater.PutAsync($"/api/tasks/{task}/gold", Json($"[{Region("Positive")}]"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rater.GetAsync($"/api/tasks/{task}/gold")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rater.DeleteAsync($"/api/tasks/{task}/gold")).StatusCode);
        await _app.CreateUserAsync("outsider@test.local", Roles.Lead);
        var outsider = await _app.SignInAsync("outsider@test.local");
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PutAsync($"/api/tasks/{task}/gold", Json($"[{Region("Positive")}]"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.PutAsync("/api/tasks/999999/gold", Json($"[{Region("Positive")}]"))).StatusCode);

        // The result is validated against the labeling configuration; an empty result is not gold (DELETE is).
        Assert.Equal(HttpStatusCode.BadRequest, (await lead.PutAsync($"/api/tasks/{task}/gold", Json($"[{Region("Maybe")}]"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await lead.PutAsync($"/api/tasks/{task}/gold", Json("[]"))).StatusCode);
        Assert.Equal(1, await _app.QueryAsync(db => db.GoldAnswers.CountAsync(g => g.TaskId == task)));

        // DELETE appends a retraction; the latest row wins.
        var delete = await lead.DeleteAsync($"/api/tasks/{task}/gold");
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.False((await delete.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hasGold").GetBoolean());
        var rows = await _app.QueryAsync(db => db.GoldAnswers.Where(g => g.TaskId == task).OrderBy(g => g.Id).ToListAsync());
        Assert.Equal([false, true], rows.Select(r => r.IsRetracted));
        Assert.False((await lead.GetFromJsonAsync<JsonElement>($"/api/tasks/{task}/gold")).GetProperty("hasGold").GetBoolean());
    }

    [Fact]
    public async Task Recompute_ReportsGoldAccuracyPerRater()
    {
        var project = await ProjectAsync("Gold accuracy", ("t1", "Positive"), ("t2", "Negative"), ("t3", null));
        // Alice matches gold on both gold tasks, Bob on one, Carol on none.
        await ChoicesAsync(project, "Positive", "Positive", "Negative");
        await ChoicesAsync(project, "Negative", "Positive", "Positive");
        await ChoicesAsync(project, "Neutral", "Neutral", "Neutral");

        Assert.Equal(HttpStatusCode.Accepted, (await _admin.PostAsync($"/api/projects/{project}/quality/recompute", null)).StatusCode);
        var report = await _admin.WaitForQualityAsync(project, ratings: 9);

        var snapshot = report.GetProperty("snapshot");
        Assert.Equal(2, snapshot.GetProperty("measures").GetProperty("goldTasks").GetInt32());
        var raters = snapshot.GetProperty("raters").EnumerateArray()
            .ToDictionary(r => r.GetProperty("userId").GetString()!, r => r.GetProperty("quality"));
        Assert.Equal(1.0, raters[_raterIds[0]].GetProperty("goldAccuracy").GetDouble(), 9);
        Assert.Equal(0.5, raters[_raterIds[1]].GetProperty("goldAccuracy").GetDouble(), 9);
        Assert.Equal(0.0, raters[_raterIds[2]].GetProperty("goldAccuracy").GetDouble(), 9);
        Assert.All(raters.Values, q => Assert.Equal(2, q.GetProperty("goldRatings").GetInt32()));

        // The recompute re-scores with gold: the 2–1 task whose gold is the minority answer is a gold conflict.
        var t2 = await _app.QueryAsync(db => db.Tasks.Where(t => t.ProjectId == project && t.DataJson.Contains("t2")).Select(t => t.Id).SingleAsync());
        var outcome = await OutcomeAsync(t2);
        Assert.Contains("GoldDisagreement", outcome.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        // Its stored consensus is the raters' majority, not the model's echo of the gold it was fitted with.
        Assert.Equal("majority", outcome.GetProperty("method").GetString());
        Assert.Contains("\"Positive\"", outcome.GetProperty("consensusResultJson").GetString());
    }
}
