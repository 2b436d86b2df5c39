using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.IntegrationTests.Review;

/// <summary>Resolutions through the REST API on a real SQLite file: each decision, the append-only history, re-resolution.</summary>
public sealed class ResolutionApiTests : IAsyncLifetime
{
    private ReviewScenario _s = null!;

    public async Task InitializeAsync() => _s = await ReviewScenario.StartAsync();

    public async Task DisposeAsync() => await _s.DisposeAsync();

    private async Task<(long Project, long Task)> TieAsync()
    {
        var project = await _s.ProjectAsync("Tie", 3, "arrived late, works fine");
        var task = await _s.ChoicesAsync(project, "Positive", "Negative", "Neutral");
        return (project, task);
    }

    private async Task<long> AnnotationOfAsync(long taskId, string choice) =>
        await _s.App.QueryAsync(db => db.Annotations.Where(a => a.TaskId == taskId && a.ResultJson.Contains(choice)).Select(a => a.Id).SingleAsync());

    [Fact]
    public async Task Resolve_AcceptRatersAnswer_TaskIsResolvedWithThatFinalLabel()
    {
        var (project, task) = await TieAsync();
        var negative = await AnnotationOfAsync(task, "Negative");

        var response = await _s.ResolveAsync(task, $$"""{"decision":"accept","annotation_id":{{negative}},"comment":"sarcasm"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("accept", body.GetProperty("resolution").GetProperty("decision").GetString());
        Assert.Equal("sarcasm", body.GetProperty("resolution").GetProperty("comment").GetString());
        Assert.Equal(3, body.GetProperty("resolution").GetProperty("basedOnAnnotationIds").GetArrayLength());
        var outcome = await _s.OutcomeAsync(task);
        Assert.Equal("Resolved", outcome.GetProperty("state").GetString());
        var final = outcome.GetProperty("final").GetProperty("controls")[0];
        Assert.Equal("Resolution", final.GetProperty("origin").GetString());
        Assert.Equal("resolution:accept", final.GetProperty("method").GetString());
        Assert.Contains("Negative", final.GetProperty("result").GetRawText());
        Assert.Equal([negative], final.GetProperty("annotationIds").EnumerateArray().Select(x => x.GetInt64()));
        Assert.Equal(0, (await _s.ConflictsAsync(project)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Resolve_Again_KeepsEveryRowAndTheLatestWins()
    {
        var (_, task) = await TieAsync();
        var negative = await AnnotationOfAsync(task, "Negative");

        Assert.Equal(HttpStatusCode.Created, (await _s.ResolveAsync(task, $$"""{"decision":"accept","annotation_id":{{negative}}}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _s.ResolveAsync(task,
            $$"""{"decision":"edit","result":[{{ReviewScenario.Choice("Neutral")}}],"comment":"on second reading"}""")).StatusCode);

        var history = await _s.Lead.GetFromJsonAsync<JsonElement>($"/api/tasks/{task}/resolutions");
        Assert.Equal(["accept", "edit"], history.EnumerateArray().Select(r => r.GetProperty("decision").GetString()));
        var rows = await _s.App.QueryAsync(db => db.Resolutions.Where(r => r.TaskId == task).OrderBy(r => r.Id).ToListAsync());
        Assert.Equal(2, rows.Count);
        Assert.Contains("Negative", rows[0].ResultJson);
        var final = (await _s.OutcomeAsync(task)).GetProperty("final").GetProperty("controls")[0];
        Assert.Equal("resolution:edit", final.GetProperty("method").GetString());
        Assert.Contains("Neutral", final.GetProperty("result").GetRawText());
        Assert.Equal(rows[1].Id, final.GetProperty("resolutionId").GetInt64());
    }

    [Fact]
    public async Task Resolve_EditWithAChoiceTheConfigDoesNotHave_Is400NamingIt()
    {
        var (_, task) = await TieAsync();

        var response = await _s.ResolveAsync(task, $$"""{"decision":"edit","result":[{{ReviewScenario.Choice("Ecstatic")}}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Ecstatic", await response.Content.ReadAsStringAsync());
        Assert.Equal("Conflict", (await _s.OutcomeAsync(task)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Resolve_Invalid_HasNoFinalLabelAndLeavesTheQueue()
    {
        var (project, task) = await TieAsync();

        Assert.Equal(HttpStatusCode.Created, (await _s.ResolveAsync(task, """{"decision":"invalid","comment":"not English"}""")).StatusCode);

        var outcome = await _s.OutcomeAsync(task);
        Assert.Equal("Invalid", outcome.GetProperty("state").GetString());
        var final = outcome.GetProperty("final").GetProperty("controls")[0];
        Assert.Equal("None", final.GetProperty("origin").GetString());
        Assert.Equal("invalid", final.GetProperty("reason").GetString());
        Assert.Equal(0, (await _s.ConflictsAsync(project)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Resolve_MoreRatings_TaskGoesBackToRaters_AndReturnsToTheQueueWhenStillAConflict()
    {
        var project = await _s.ProjectAsync("More", 2, "hmm");
        var task = await _s.ChoicesAsync(project, "Positive", "Negative");
        Assert.Equal(1, (await _s.ConflictsAsync(project)).GetProperty("total").GetInt32());

        Assert.Equal(HttpStatusCode.Created, (await _s.ResolveAsync(task, """{"decision":"more_ratings","extra":1,"comment":"need a third opinion"}""")).StatusCode);

        Assert.Equal(0, (await _s.ConflictsAsync(project)).GetProperty("total").GetInt32());
        Assert.Equal("Open", (await _s.OutcomeAsync(task)).GetProperty("state").GetString());
        Assert.Equal(3, await _s.App.QueryAsync(db => db.Tasks.Where(t => t.Id == task).Select(t => t.RequiredRatings).SingleAsync()));
        // The third rater gets exactly this task and answers Neutral: still no majority, so it is back in the queue.
        Assert.Equal(task, await _s.NextAsync(2, project));
        await _s.SubmitAsync(2, task, "Neutral");
        var conflicts = await _s.ConflictsAsync(project);
        Assert.Equal(1, conflicts.GetProperty("total").GetInt32());
        Assert.Equal(3, conflicts.GetProperty("items")[0].GetProperty("answers").GetArrayLength());
    }

    [Fact]
    public async Task Resolve_MoreRatingsWhenEveryMemberRated_Is409()
    {
        var (_, task) = await TieAsync();

        var response = await _s.ResolveAsync(task, """{"decision":"more_ratings"}""");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Resolve_ByARaterOrAStranger_IsRefused_AndUnknownDecisionIs400()
    {
        var (_, task) = await TieAsync();
        await _s.App.CreateUserAsync("outsider@test.local", Data.Identity.Roles.Lead);
        var outsider = await _s.App.SignInAsync("outsider@test.local");

        Assert.Equal(HttpStatusCode.Forbidden, (await _s.ResolveAsync(task, """{"decision":"invalid"}""", _s.Raters[0])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _s.ResolveAsync(task, """{"decision":"invalid"}""", outsider)).StatusCode);
        var bad = await _s.ResolveAsync(task, """{"decision":"maybe"}""");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("more_ratings", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, (await _s.ResolveAsync(task, """{"decision":"invalid"}""", _s.Admin)).StatusCode);
    }

    [Fact]
    public async Task Resolve_SaveAsGold_AppendsAGoldAnswerLinkedToTheResolution()
    {
        var (_, task) = await TieAsync();

        var response = await _s.ResolveAsync(task, $$"""{"decision":"edit","result":[{{ReviewScenario.Choice("Neutral")}}],"save_as_gold":true}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var gold = await _s.App.QueryAsync(db => db.GoldAnswers.SingleAsync(g => g.TaskId == task));
        Assert.Equal(Data.Quality.GoldSource.Resolution, gold.Source);
        var resolution = await _s.App.QueryAsync(db => db.Resolutions.SingleAsync(r => r.TaskId == task));
        Assert.Equal(gold.Id, resolution.GoldAnswerId);
        // The resolution is the stronger origin; gold is kept for checks and the model.
        var final = (await _s.OutcomeAsync(task)).GetProperty("final").GetProperty("controls")[0];
        Assert.Equal("Resolution", final.GetProperty("origin").GetString());
    }

    [Fact]
    public async Task Resolve_IsAudited_WhoWhenWhatAndFromWhere_AndSavingAsGoldAuditsTheGoldToo()
    {
        var (project, task) = await TieAsync();
        var negative = await AnnotationOfAsync(task, "Negative");
        var before = await _s.App.QueryAsync(db => db.AuditEvents.MaxAsync(e => e.Id));
        var start = DateTime.UtcNow.AddSeconds(-1);

        Assert.Equal(HttpStatusCode.Created, (await _s.ResolveAsync(task,
            $$"""{"decision":"accept","annotation_id":{{negative}},"comment":"sarcasm","save_as_gold":true}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _s.ResolveAsync(task, """{"decision":"invalid"}""", _s.Admin)).StatusCode);

        var events = await _s.App.QueryAsync(db => db.AuditEvents.Where(e => e.Id > before).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal([Data.Audit.AuditActions.GoldSet, Data.Audit.AuditActions.Resolved, Data.Audit.AuditActions.Resolved], events.Select(e => e.Action));
        Assert.All(events, e =>
        {
            Assert.Equal(("Task", task.ToString(System.Globalization.CultureInfo.InvariantCulture), (long?)project), (e.TargetType, e.TargetId, e.ProjectId));
            Assert.InRange(e.OccurredAt, start, DateTime.UtcNow.AddSeconds(1));
            Assert.Equal("127.0.0.1", e.IpAddress);
        });
        Assert.Equal((_s.LeadId, "lead@test.local"), (events[0].ActorId, events[0].ActorEmail));
        Assert.Equal("sarcasm", events[0].Details);
        Assert.Equal((_s.LeadId, "accept: sarcasm"), (events[1].ActorId, events[1].Details));
        Assert.Equal(("admin@test.local", "invalid"), (events[2].ActorEmail, events[2].Details));

        // An administrator finds them in the audit log by action and project.
        var log = await _s.Admin.GetFromJsonAsync<JsonElement>($"/api/audit?action=review.resolved&projectId={project}");
        Assert.Equal(2, log.GetProperty("total").GetInt32());
    }
}
