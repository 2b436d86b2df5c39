using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Labeling;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LabelStudio.IntegrationTests.Labeling;

/// <summary>Span answers through the API: server checks keyed by control, drafts, revisions and "no entities".</summary>
public sealed class SpanLabelingApiTests : IAsyncLifetime
{
    private const string Text = "Zoe\u0308 met Ada 😀 at APEC in 𠮷野家.";

    private const string Config = """
        <View>
          <Labels name="ner" toName="text" required="true">
            <Label value="PER"/><Label value="ORG"/><Label value="LOC"/>
          </Labels>
          <Text name="text" value="$text"/>
        </View>
        """;

    private readonly KestrelAppFactory _app = new();
    private HttpClient _admin = null!, _alice = null!, _bob = null!;
    private string _aliceId = "";
    private long _project;

    public async Task InitializeAsync()
    {
        await _app.CreateUserAsync("admin@test.local", Roles.Admin);
        _admin = await _app.SignInAsync("admin@test.local");
        _aliceId = await _app.CreateUserAsync("alice@test.local", Roles.Rater);
        var bobId = await _app.CreateUserAsync("bob@test.local", Roles.Rater);
        _alice = await _app.SignInAsync("alice@test.local");
        _bob = await _app.SignInAsync("bob@test.local");
        _project = await _app.CreateProjectAsync("Entities", overlap: 2, xml: Config);
        await _app.AddMemberAsync(_project, _aliceId);
        await _app.AddMemberAsync(_project, bobId);
        var prediction = JsonSerializer.Serialize(new
        {
            data = new { text = "Ada Lovelace" },
            predictions = new[] { new { score = 0.8, result = new[] { Region("ner", 0, 3, "Ada", "PER") } } },
        });
        var lines = JsonSerializer.Serialize(new { text = Text }) + "\n" + JsonSerializer.Serialize(new { text = "Nothing to see here." }) + "\n" + prediction + "\n";
        Assert.Equal(HttpStatusCode.Created, (await _admin.ImportAsync(_project, "t.jsonl", lines)).StatusCode);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static object Region(string control, int start, int end, string text, params string[] labels) => new
    {
        from_name = control, to_name = "text", type = "labels",
        value = new { start, end, text, labels },
    };

    private static object Span(string part, string label, int occurrence = 0)
    {
        var start = -1;
        for (var i = 0; i <= occurrence; i++) start = Text.IndexOf(part, start + 1, StringComparison.Ordinal);
        return Region("ner", start, start + part.Length, part, label);
    }

    private static StringContent Body(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private async Task<long> NextAsync(HttpClient client)
    {
        var response = await client.GetAsync($"/api/projects/{_project}/next");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("taskId").GetInt64();
    }

    private async Task<long> SubmitAsync(HttpClient client, long task, params object[] regions)
    {
        var response = await client.PostAsync($"/api/tasks/{task}/annotations", Body(new { result = regions, lead_time = 2 }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("annotationId").GetInt64();
    }

    private async Task<JsonElement> OutcomeAsync(long task) => await _admin.GetFromJsonAsync<JsonElement>($"/api/tasks/{task}/outcome");

    [Fact]
    public async Task Submit_SpanCuttingASurrogatePair_Is400KeyedByTheControlAndStoresNothing()
    {
        var task = await NextAsync(_alice);
        var emoji = Text.IndexOf("😀", StringComparison.Ordinal);

        var response = await _alice.PostAsync($"/api/tasks/{task}/annotations",
            Body(new { result = new[] { Region("ner", emoji, emoji + 1, "\uFFFD", "ORG") } }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var messages = problem.GetProperty("errors").GetProperty("ner").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Contains(messages, m => m!.Contains("cuts the character \"😀\" in two"));
        Assert.Equal(0, await _app.QueryAsync(db => db.Annotations.CountAsync(a => a.TaskId == task)));
    }

    [Fact]
    public async Task Submit_TextNotTheSubstringOrACutAccent_Is400KeyedByTheControl()
    {
        var task = await NextAsync(_alice);

        var precomposed = await _alice.PostAsync($"/api/tasks/{task}/annotations", Body(new { result = new[] { Region("ner", 0, 4, "Zo\u00EB", "PER") } }));
        var withoutAccent = await _alice.PostAsync($"/api/tasks/{task}/annotations", Body(new { result = new[] { Region("ner", 0, 3, "Zoe", "PER") } }));

        Assert.Equal(HttpStatusCode.BadRequest, precomposed.StatusCode);
        var problem = await precomposed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("does not match the task text at 0–4", problem.GetProperty("errors").GetProperty("ner")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, withoutAccent.StatusCode);
        Assert.Contains("cuts the character \"e\u0308\"", (await withoutAccent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("ner")[0].GetString());
    }

    [Fact]
    public async Task Submit_NoEntities_CountsAsAnAnswerOfARequiredLabelsControl()
    {
        await NextAsync(_alice);
        await SubmitAsync(_alice, await NextAsync(_alice), Span("Zoe\u0308", "PER"));
        var empty = await NextAsync(_alice);

        var missing = await _alice.PostAsync($"/api/tasks/{empty}/annotations", Body(new { result = Array.Empty<object>() }));
        var answered = await _alice.PostAsync($"/api/tasks/{empty}/annotations", Body(new { result = Array.Empty<object>(), no_entities = new[] { "ner" } }));

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Created, answered.StatusCode);
        var stored = await _alice.GetFromJsonAsync<JsonElement>($"/api/tasks/{empty}/annotations");
        Assert.Equal(["ner"], stored[0].GetProperty("no_entities").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Annotations_Get_ReturnsResultAsLabelStudiosArray()
    {
        var task = await NextAsync(_alice);
        await SubmitAsync(_alice, task, Span("Zoe\u0308", "PER"), Span("𠮷野家", "ORG"));

        var annotations = await _alice.GetFromJsonAsync<JsonElement>($"/api/tasks/{task}/annotations");

        var result = annotations[0].GetProperty("result");
        Assert.Equal(JsonValueKind.Array, result.ValueKind);
        Assert.Equal("Zoe\u0308", result[0].GetProperty("value").GetProperty("text").GetString());
        Assert.Equal(Text.IndexOf("𠮷野家", StringComparison.Ordinal) + 4, result[1].GetProperty("value").GetProperty("end").GetInt32());
        Assert.Equal(0, annotations[0].GetProperty("revision").GetInt32());
    }

    [Fact]
    public async Task Draft_SavedWhileWorking_ComesBackWithTheTaskAndGoesAwayOnSubmit()
    {
        var task = await NextAsync(_alice);
        var save = await _alice.PutAsync($"/api/tasks/{task}/draft", Body(new { result = new[] { Span("Ada", "PER") }, lead_time = 4.5 }));
        Assert.Equal(HttpStatusCode.OK, save.StatusCode);

        // A reload asks for the next task again: the held task comes back with its draft.
        var again = await _alice.GetFromJsonAsync<JsonElement>($"/api/projects/{_project}/next");
        Assert.Equal(task, again.GetProperty("taskId").GetInt64());
        Assert.Equal("Ada", again.GetProperty("draft").GetProperty("result")[0].GetProperty("value").GetProperty("text").GetString());
        Assert.Equal(4.5, again.GetProperty("draft").GetProperty("leadTimeSeconds").GetDouble());
        Assert.Equal(HttpStatusCode.NotFound, (await _bob.GetAsync($"/api/tasks/{task}/draft")).StatusCode); // Bob sees only his own

        await SubmitAsync(_alice, task, Span("Ada", "PER"));

        Assert.Equal(HttpStatusCode.NotFound, (await _alice.GetAsync($"/api/tasks/{task}/draft")).StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.Drafts.CountAsync()));
    }

    [Fact]
    public async Task Revise_AddsANewAnnotation_KeepsTheOld_AndConsensusUsesTheNewest()
    {
        var task = await NextAsync(_alice);
        Assert.Equal(task, await NextAsync(_bob));
        var first = await SubmitAsync(_alice, task, Span("APEC", "LOC"));
        await SubmitAsync(_bob, task, Span("APEC", "ORG"));
        Assert.Equal("Conflict", (await OutcomeAsync(task)).GetProperty("state").GetString()); // a label split is a tie

        var revise = await _alice.PostAsync($"/api/annotations/{first}/revisions", Body(new { result = new[] { Span("APEC", "ORG") }, lead_time = 1 }));

        Assert.Equal(HttpStatusCode.Created, revise.StatusCode);
        var second = (await revise.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("annotationId").GetInt64();
        var rows = await _app.QueryAsync(db => db.Annotations.Where(a => a.TaskId == task && a.UserId == _aliceId).OrderBy(a => a.Revision).ToListAsync());
        Assert.Equal([0, 1], rows.Select(r => r.Revision));
        Assert.Equal(first, rows[1].SupersedesId);
        Assert.Contains("LOC", rows[0].ResultJson);
        var outcome = await OutcomeAsync(task);
        Assert.Equal("Agreed", outcome.GetProperty("state").GetString());
        Assert.Equal(2, outcome.GetProperty("ratingCount").GetInt32());
        Assert.Contains("\"ORG\"", outcome.GetProperty("consensusResultJson").GetString());
        var mine = await _alice.GetFromJsonAsync<JsonElement>($"/api/tasks/{task}/annotations");
        Assert.Equal(second, mine[0].GetProperty("superseded_by").GetInt64());
        var progress = await _alice.GetFromJsonAsync<JsonElement>($"/api/projects/{_project}/progress");
        Assert.Equal(1, progress.GetProperty("doneTotal").GetInt32()); // a revision is not a second task done

        var stale = await _alice.PostAsync($"/api/annotations/{first}/revisions", Body(new { result = new[] { Span("APEC", "LOC") } }));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var notHers = await _bob.PostAsync($"/api/annotations/{second}/revisions", Body(new { result = new[] { Span("APEC", "LOC") } }));
        Assert.Equal(HttpStatusCode.NotFound, notHers.StatusCode);
        var invalid = await _alice.PostAsync($"/api/annotations/{second}/revisions", Body(new { result = new[] { Region("ner", 0, 3, "Zoe", "PER") } }));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    [Fact]
    public async Task Submissions_ListsTheRatersCurrentAnswersNewestFirst()
    {
        var first = await NextAsync(_alice);
        await SubmitAsync(_alice, first, Span("Ada", "PER"));
        var second = await NextAsync(_alice);
        var response = await _alice.PostAsync($"/api/tasks/{second}/annotations", Body(new { result = Array.Empty<object>(), no_entities = new[] { "ner" } }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var list = await _alice.GetFromJsonAsync<JsonElement>($"/api/projects/{_project}/submissions");

        Assert.Equal([second, first], list.EnumerateArray().Select(s => s.GetProperty("taskId").GetInt64()));
        Assert.Equal("No entities", list[0].GetProperty("summary").GetString());
        Assert.Equal("PER: Ada", list[1].GetProperty("summary").GetString());
        Assert.Empty(await _bob.GetFromJsonAsync<JsonElement[]>($"/api/projects/{_project}/submissions") ?? []);
    }

    [Fact]
    public async Task Next_TaskWithPredictions_ComesWithAnEditableSuggestion()
    {
        JsonElement next;
        var seen = new List<long>();
        while (true)
        {
            next = await _alice.GetFromJsonAsync<JsonElement>($"/api/projects/{_project}/next");
            if (next.TryGetProperty("suggestion", out var s) && s.ValueKind == JsonValueKind.Array) break;
            var task = next.GetProperty("taskId").GetInt64();
            seen.Add(task);
            Assert.True(seen.Count < 3, "the task with a prediction never came");
            var skip = await _alice.PostAsync($"/api/tasks/{task}/annotations", Body(new { was_cancelled = true }));
            Assert.Equal(HttpStatusCode.Created, skip.StatusCode);
        }

        var region = next.GetProperty("suggestion")[0];
        Assert.Equal("prediction", region.GetProperty("origin").GetString());
        Assert.Equal("PER", region.GetProperty("value").GetProperty("labels")[0].GetString());
    }

    [Fact]
    public async Task Progress_RemainingIsExactAfterEverySubmitAndZeroWhenNothingIsLeft()
    {
        async Task<int> RemainingAsync(HttpClient client) =>
            (await client.GetFromJsonAsync<JsonElement>($"/api/projects/{_project}/progress")).GetProperty("remaining").GetInt32();

        Assert.Equal(3, await RemainingAsync(_alice));
        for (var expected = 2; expected >= 0; expected--)
        {
            var task = await NextAsync(_alice);
            var skip = await _alice.PostAsync($"/api/tasks/{task}/annotations", Body(new { was_cancelled = true }));
            Assert.Equal(HttpStatusCode.Created, skip.StatusCode);
            Assert.Equal(expected, await RemainingAsync(_alice));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await _alice.GetAsync($"/api/projects/{_project}/next")).StatusCode);
        Assert.Equal(3, await RemainingAsync(_bob));

        // A task that other raters' reservations fill up is not "remaining" for a third rater: it cannot be given to her.
        var carolId = await _app.CreateUserAsync("carol@test.local", Roles.Rater);
        await _app.AddMemberAsync(_project, carolId);
        var carol = await _app.SignInAsync("carol@test.local");
        var dave = await _app.CreateUserAsync("dave@test.local", Roles.Rater);
        await _app.AddMemberAsync(_project, dave);
        var held = await NextAsync(_bob);
        Assert.Equal(held, await NextAsync(await _app.SignInAsync("dave@test.local")));
        Assert.Equal(2, await RemainingAsync(carol));
        Assert.NotEqual(held, await NextAsync(carol));
    }

    [Fact]
    public async Task Members_RoleByNameOrNumber_AndABadRoleIsA400WithoutALoggedException()
    {
        var carol = await _app.CreateUserAsync("carol@test.local", Roles.Lead);
        var dave = await _app.CreateUserAsync("dave@test.local", Roles.Rater);

        var byName = await _admin.PutAsync($"/api/projects/{_project}/members", Body(new { userId = carol, role = "Lead" }));
        var byNumber = await _admin.PutAsync($"/api/projects/{_project}/members", Body(new { userId = dave, role = 0 }));
        var bad = await _admin.PutAsync($"/api/projects/{_project}/members", Body(new { userId = dave, role = "Boss" }));
        var outOfRange = await _admin.PutAsync($"/api/projects/{_project}/members", Body(new { userId = dave, role = 7 }));

        Assert.Equal(HttpStatusCode.NoContent, byName.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, byNumber.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, outOfRange.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("\"Rater\" or \"Lead\"", problem.GetProperty("errors").GetProperty("role")[0].GetString());
        var members = await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{_project}/members");
        Assert.Contains(members.EnumerateArray(), m => m.ToString().Contains(carol));
        Assert.DoesNotContain(_app.Logs.Entries, e => e.Exception is not null || e.Level >= LogLevel.Error);
    }
}
