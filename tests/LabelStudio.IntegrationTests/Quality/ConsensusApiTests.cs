using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LabelStudio.Consensus;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Labeling;
using LabelStudio.Data.Projects;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.IntegrationTests.Quality;

/// <summary>Submit-time scoring, the background recompute and the quality API, on a real SQLite file.</summary>
public sealed class ConsensusApiTests : IAsyncLifetime
{
    private readonly KestrelAppFactory _app = new();
    private HttpClient _admin = null!;
    private List<HttpClient> _raters = [];
    private List<string> _raterIds = [];

    public async Task InitializeAsync() => (_admin, _raters, _raterIds) = await _app.SignInAdminAndThreeRatersAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<long> ProjectAsync(string name, string? xml, params string[] texts)
    {
        var id = await _app.CreateProjectAsync(name, overlap: 3, xml: xml);
        foreach (var rater in _raterIds) await _app.AddMemberAsync(id, rater);
        var lines = string.Join('\n', texts.Select(t => JsonSerializer.Serialize(new { text = t })));
        Assert.Equal(HttpStatusCode.Created, (await _admin.ImportAsync(id, "t.jsonl", lines + "\n")).StatusCode);
        return id;
    }

    /// <summary>Each rater takes the next task (the same one: closest to completion first) and submits their answer.</summary>
    private async Task<long> RateAsync(long projectId, params string[] bodies)
    {
        long task = 0;
        for (var i = 0; i < bodies.Length; i++)
        {
            var next = await _raters[i].GetAsync($"/api/projects/{projectId}/next");
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
            var id = (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("taskId").GetInt64();
            Assert.True(task == 0 || task == id, "the raters should get the same task");
            task = id;
            var response = await _raters[i].PostAsync($"/api/tasks/{id}/annotations", new StringContent(bodies[i], Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        return task;
    }

    private Task<long> ChoicesAsync(long projectId, params string[] choices) =>
        RateAsync(projectId, choices.Select(TestApp.ChoiceResult).ToArray());

    private async Task<JsonElement> OutcomeAsync(long taskId)
    {
        var response = await _admin.GetAsync($"/api/tasks/{taskId}/outcome");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Submit_ThreeRatersAgree_TaskIsAgreedWithTheConsensusLabel()
    {
        var project = await ProjectAsync("Agree", null, "great phone", "bad phone");
        var task = await ChoicesAsync(project, "Positive", "Positive", "Positive");

        var outcome = await OutcomeAsync(task);
        Assert.Equal("Agreed", outcome.GetProperty("state").GetString());
        Assert.Equal(3, outcome.GetProperty("ratingCount").GetInt32());
        Assert.Equal(1.0, outcome.GetProperty("agreementScore").GetDouble());
        var consensus = JsonDocument.Parse(outcome.GetProperty("consensusResultJson").GetString()!).RootElement;
        Assert.Equal("Positive", consensus[0].GetProperty("value").GetProperty("choices")[0].GetString());
        Assert.Equal("sentiment", consensus[0].GetProperty("from_name").GetString());
    }

    [Fact]
    public async Task Submit_OneOneOneSplit_TaskIsAConflictWithTheTieReason()
    {
        var project = await ProjectAsync("Split", null, "meh phone");
        var task = await ChoicesAsync(project, "Positive", "Negative", "Neutral");

        var outcome = await OutcomeAsync(task);
        Assert.Equal("Conflict", outcome.GetProperty("state").GetString());
        var reasons = outcome.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.Contains("Tie", reasons);
        Assert.Contains("LowShare", reasons);
    }

    [Fact]
    public async Task Submit_BeforeTheLastRating_TaskIsOpen()
    {
        var project = await ProjectAsync("Open", null, "one");
        var task = await ChoicesAsync(project, "Positive", "Positive");
        var outcome = await OutcomeAsync(task);
        Assert.Equal("Open", outcome.GetProperty("state").GetString());
        Assert.Equal(2, outcome.GetProperty("ratingCount").GetInt32());
    }

    [Fact]
    public async Task Conflicts_AreRankedByPriority_WithEveryRatersAnswer()
    {
        var project = await ProjectAsync("Ranking", null, "a", "b", "c");
        // Raise the share threshold so that a 2–1 split is a conflict too, with a lower priority than a 1–1–1 tie.
        var settings = await _admin.PutAsJsonAsync($"/api/projects/{project}/quality/settings",
            new { minMajorityShare = 0.7, minPosterior = 0.0, flagTies = true, flagGoldDisagreement = true });
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        var twoOne = await ChoicesAsync(project, "Positive", "Positive", "Negative");
        var tie = await ChoicesAsync(project, "Positive", "Negative", "Neutral");
        await ChoicesAsync(project, "Neutral", "Neutral", "Neutral");

        var page = await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/conflicts?page=1&pageSize=10");
        Assert.Equal(2, page.GetProperty("total").GetInt32());
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([tie, twoOne], items.Select(i => i.GetProperty("taskId").GetInt64()));
        var priorities = items.Select(i => i.GetProperty("priority").GetDouble()).ToList();
        Assert.True(priorities[0] > priorities[1]);
        Assert.Equal(3, items[0].GetProperty("answers").GetArrayLength());
        Assert.Equal(["Positive", "Negative", "Neutral"], items[0].GetProperty("answers").EnumerateArray().Select(a => a.GetProperty("summary").GetString()));
        Assert.Equal("a", items[1].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Recompute_StoresASnapshotWhoseFleissKappaIsTheEngines()
    {
        var project = await ProjectAsync("Measures", null, "t1", "t2", "t3", "t4");
        string[][] answers =
        [
            ["Positive", "Positive", "Positive"],
            ["Positive", "Negative", "Positive"],
            ["Neutral", "Neutral", "Negative"],
            ["Negative", "Negative", "Negative"],
        ];
        foreach (var row in answers) await ChoicesAsync(project, row);

        Assert.Equal(HttpStatusCode.Accepted, (await _admin.PostAsync($"/api/projects/{project}/quality/recompute", null)).StatusCode);
        var report = await _admin.WaitForQualityAsync(project, ratings: 12);

        var builder = new RatingSetBuilder();
        var rows = await _app.QueryAsync(db => db.Annotations.Where(a => a.ProjectId == project).OrderBy(a => a.TaskId).ThenBy(a => a.Id)
            .Select(a => new { a.TaskId, a.UserId, a.ResultJson }).ToListAsync());
        foreach (var r in rows)
        {
            var choice = JsonDocument.Parse(r.ResultJson).RootElement[0].GetProperty("value").GetProperty("choices")[0].GetString()!;
            builder.Add(r.TaskId.ToString(), r.UserId!, choice);
        }
        var set = builder.Build(["Positive", "Negative", "Neutral"]);
        var expected = MultiRaterAgreement.FleissKappa(set.ByItem.Counts).Value;
        var alpha = KrippendorffAlpha.Compute(set.ByItem.Counts, MeasurementLevel.Nominal).Alpha;

        var primary = report.GetProperty("snapshot").GetProperty("measures").GetProperty("controls")[0];
        Assert.Equal("sentiment", primary.GetProperty("control").GetString());
        Assert.Equal(expected, primary.GetProperty("fleissKappa").GetDouble(), 12);
        Assert.Equal(alpha, primary.GetProperty("alpha").GetDouble(), 12);
        Assert.True(primary.GetProperty("alphaLower").GetDouble() <= alpha);
        var raters = report.GetProperty("snapshot").GetProperty("raters").EnumerateArray().ToList();
        Assert.Equal(3, raters.Count);
        Assert.All(raters, r => Assert.Equal(4, r.GetProperty("quality").GetProperty("ratings").GetInt32()));
        var outcomes = report.GetProperty("outcomes");
        Assert.Equal(4, outcomes.GetProperty("agreed").GetInt32() + outcomes.GetProperty("conflict").GetInt32());

        // The recompute stored a Dawid–Skene model and re-scored every complete task with it.
        var snapshotId = report.GetProperty("snapshot").GetProperty("id").GetInt64();
        var model = await _app.QueryAsync(db => db.QualitySnapshots.Where(s => s.Id == snapshotId).Select(s => s.DawidSkeneModelJson).FirstAsync());
        Assert.Contains(_raterIds[0], model);
        var versions = await _app.QueryAsync(db => db.TaskOutcomes.Where(o => o.ProjectId == project).Select(o => o.ModelVersion).ToListAsync());
        Assert.Equal(4, versions.Count);
        Assert.All(versions, v => Assert.True(v >= snapshotId));
    }

    [Fact]
    public async Task Quality_RaterMember_IsForbidden_NonMember_IsNotFound()
    {
        var project = await ProjectAsync("Private", null, "x");
        var task = await ChoicesAsync(project, "Positive", "Positive", "Positive");
        var rater = _raters[0];
        Assert.Equal(HttpStatusCode.Forbidden, (await rater.GetAsync($"/api/projects/{project}/quality")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rater.GetAsync($"/api/projects/{project}/conflicts")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rater.GetAsync($"/api/tasks/{task}/outcome")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rater.PostAsync($"/api/projects/{project}/quality/recompute", null)).StatusCode);

        await _app.CreateUserAsync("outsider@test.local", Roles.Lead);
        var outsider = await _app.SignInAsync("outsider@test.local");
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/projects/{project}/quality")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/projects/{project}/conflicts")).StatusCode);

        var leadId = await _app.CreateUserAsync("lead@test.local", Roles.Lead);
        await _app.AddMemberAsync(project, leadId, ProjectRole.Lead);
        var lead = await _app.SignInAsync("lead@test.local");
        Assert.Equal(HttpStatusCode.OK, (await lead.GetAsync($"/api/projects/{project}/quality")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lead.GetAsync($"/api/projects/{project}/conflicts")).StatusCode);
    }

    [Fact]
    public async Task Spans_ThreeRaters_ConsensusIsTheMajoritysOwnSpans()
    {
        const string text = "Ada Lovelace met Charles Babbage in London";
        var project = await ProjectAsync("Entities", LabelingConfigSamples.NamedEntityRecognition, text);
        static string Span(int start, int end, string label) =>
            $$$"""{"from_name":"label","to_name":"text","type":"labels","value":{"start":{{{start}}},"end":{{{end}}},"text":"{{{text[start..end]}}}","labels":["{{{label}}}"]}}""";
        static string Body(params string[] spans) => $$$"""{"result":[{{{string.Join(',', spans)}}}],"lead_time":3}""";
        var task = await RateAsync(project,
            Body(Span(0, 12, "PER"), Span(17, 32, "PER"), Span(36, 42, "LOC")),
            Body(Span(0, 12, "PER"), Span(17, 32, "PER")),
            Body(Span(0, 3, "PER"), Span(17, 32, "ORG"), Span(36, 42, "LOC")));

        var outcome = await OutcomeAsync(task);
        Assert.Equal("span-majority", outcome.GetProperty("method").GetString());
        var spans = JsonDocument.Parse(outcome.GetProperty("consensusResultJson").GetString()!).RootElement.EnumerateArray()
            .Select(s => s.GetProperty("value"))
            .Select(v => (v.GetProperty("start").GetInt32(), v.GetProperty("end").GetInt32(), v.GetProperty("labels")[0].GetString(), v.GetProperty("text").GetString()))
            .ToList();
        Assert.Equal([(0, 12, "PER", "Ada Lovelace"), (17, 32, "PER", "Charles Babbage"), (36, 42, "LOC", "London")], spans);
        Assert.Equal("Conflict", outcome.GetProperty("state").GetString()); // mean exact F1 is (0.8 + 0.33 + 0) / 3 < 0.6
        Assert.Equal(3, await _app.QueryAsync(db => db.Annotations.CountAsync(a => a.TaskId == task && a.Source == AnnotationSource.Rater)));
    }
}
