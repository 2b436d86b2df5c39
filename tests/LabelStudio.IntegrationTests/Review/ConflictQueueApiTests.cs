using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.IntegrationTests.Review;

/// <summary>The review queue through the API: only unresolved conflicts, the filters, ties without a candidate, gold on a tie.</summary>
public sealed class ConflictQueueApiTests : IAsyncLifetime
{
    private ReviewScenario _s = null!;

    public async Task InitializeAsync() => _s = await ReviewScenario.StartAsync();

    public async Task DisposeAsync() => await _s.DisposeAsync();

    [Fact]
    public async Task Conflicts_ThreeWayTie_NamedByFileAndPositionWithNoMajority()
    {
        var project = await _s.ProjectAsync("Names", 3, "first", "second");
        await _s.ChoicesAsync(project, "Positive", "Positive", "Positive");
        var tie = await _s.ChoicesAsync(project, "Positive", "Negative", "Neutral");

        var page = await _s.ConflictsAsync(project);

        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(tie, item.GetProperty("taskId").GetInt64());
        Assert.Equal("reviews.jsonl #2", item.GetProperty("name").GetString());
        Assert.True(item.GetProperty("noMajority").GetBoolean());
        Assert.Equal("No majority", item.GetProperty("consensus").GetString());
        Assert.Equal(3, item.GetProperty("answers").GetArrayLength());
        Assert.All(item.GetProperty("answers").EnumerateArray(), a => Assert.True(a.GetProperty("annotationId").GetInt64() > 0));
    }

    [Fact]
    public async Task Conflicts_TaskWithAnExternalKey_IsNamedByTheKey_InTheQueueTheBrowserAndTheDetail()
    {
        var project = await _s.ProjectAsync("Keys", 3, "first");
        // Click-feedback tasks carry "query<TAB>document" as their external key.
        await _s.App.QueryAsync(db => db.Tasks.Where(t => t.ProjectId == project).ExecuteUpdateAsync(s => s.SetProperty(t => t.ExternalKey, "refund policy\tdoc-17")));
        var tie = await _s.ChoicesAsync(project, "Positive", "Negative", "Neutral");

        var item = Assert.Single((await _s.ConflictsAsync(project)).GetProperty("items").EnumerateArray());
        Assert.Equal("refund policy · doc-17", item.GetProperty("name").GetString());
        var row = Assert.Single((await _s.Lead.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/tasks")).GetProperty("items").EnumerateArray());
        Assert.Equal("refund policy · doc-17", row.GetProperty("name").GetString());
        Assert.Equal("refund policy · doc-17", (await _s.Lead.GetFromJsonAsync<JsonElement>($"/api/tasks/{tie}")).GetProperty("name").GetString());
        Assert.Equal(1, (await _s.Lead.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/tasks?search=doc-17")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Conflicts_Filters_ByReasonLabelRaterAndBatch()
    {
        var project = await _s.ProjectAsync("Filters", 2, "a", "b", "c");
        // Without the posterior test: the agreed third task stays agreed whichever model scores it, the submit-time
        // majority or a recompute's Dawid-Skene (which, fitted on two disagreements, doubts it), whenever the recompute runs.
        await _s.ConflictSettingsAsync(project, new LabelStudio.Quality.ConflictSettings(MinPosterior: 0));
        var positiveNegative = await _s.ChoicesAsync(project, "Positive", "Negative");
        var neutralNegative = await _s.ChoicesAsync(project, "Neutral", "Negative");
        await _s.ChoicesFromAsync(project, 1, "Positive", "Positive");
        var batch = await _s.App.QueryAsync(db => db.Tasks.Where(t => t.Id == positiveNegative).Select(t => t.ImportBatchId).SingleAsync());

        async Task<long[]> Ids(string query) => [.. (await _s.ConflictsAsync(project, query)).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("taskId").GetInt64()).Order()];

        Assert.Equal([positiveNegative, neutralNegative], await Ids(""));
        Assert.Equal([positiveNegative, neutralNegative], await Ids("?reason=Tie"));
        Assert.Empty(await Ids("?reason=GoldDisagreement"));
        Assert.Equal([positiveNegative], await Ids("?label=Positive"));
        Assert.Equal([neutralNegative], await Ids("?label=Neutral"));
        Assert.Equal([positiveNegative, neutralNegative], await Ids($"?rater={_s.RaterIds[0]}"));
        Assert.Empty(await Ids($"?rater={_s.RaterIds[2]}"));
        Assert.Equal([positiveNegative, neutralNegative], await Ids($"?batch={batch}"));
        Assert.Empty(await Ids($"?batch={batch + 1000}"));
    }

    [Fact]
    public async Task GoldOnAThreeWayTie_ResolvesTheConflict_InsteadOfADisagreementWithPriorityOne()
    {
        var project = await _s.ProjectAsync("Gold tie", 3, "arrived late, works fine");
        var task = await _s.ChoicesAsync(project, "Positive", "Negative", "Neutral");

        var set = await _s.Lead.PutAsync($"/api/tasks/{task}/gold?comment=late%20but%20fine", ReviewScenario.Json($"[{ReviewScenario.Choice("Neutral")}]"));

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(0, (await _s.ConflictsAsync(project)).GetProperty("total").GetInt32());
        var outcome = await _s.OutcomeAsync(task);
        Assert.Equal("Resolved", outcome.GetProperty("state").GetString());
        var resolution = await _s.App.QueryAsync(db => db.Resolutions.SingleAsync(r => r.TaskId == task));
        Assert.Equal("late but fine", resolution.Comment);
        Assert.NotNull(resolution.GoldAnswerId);
        Assert.Contains("Neutral", outcome.GetProperty("final").GetProperty("controls")[0].GetProperty("result").GetRawText());
    }

    [Fact]
    public async Task UseConsensusAsGold_OnATie_IsRefused()
    {
        var project = await _s.ProjectAsync("No consensus", 3, "hmm");
        var task = await _s.ChoicesAsync(project, "Positive", "Negative", "Neutral");

        var service = await UseConsensusThroughServiceAsync(task);

        Assert.Contains("no majority", service, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await _s.App.QueryAsync(db => db.GoldAnswers.CountAsync(g => g.TaskId == task)));
    }

    [Fact]
    public async Task UseConsensusAsGold_OnASpanConflict_CopiesTheMajoritysOwnSpans_AndResolvesTheConflict()
    {
        var project = await _s.ProjectAsync("Entities", 3, LabelingConfigSamples.NamedEntityRecognition, [EntityText]);
        // Alice and Bob mark "Ada Lovelace" and "London"; Carol marks only "Ada": a conflict on the bounds.
        var task = await SpansAsync(project, [Span(0, 12, "PER"), Span(36, 42, "LOC")], [Span(0, 12, "PER"), Span(36, 42, "LOC")], [Span(0, 3, "PER")]);
        var conflict = Assert.Single((await _s.ConflictsAsync(project)).GetProperty("items").EnumerateArray());
        Assert.False(conflict.GetProperty("spanTie").GetBoolean());

        using (var scope = _s.App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<Data.Quality.GoldService>()
                .UseConsensusAsync(task, "the majority's bounds", new Data.Common.Actor(_s.LeadId, false, true));
        }

        var gold = await _s.Lead.GetFromJsonAsync<JsonElement>($"/api/tasks/{task}/gold");
        Assert.Equal([(0, 12, "PER", "Ada Lovelace"), (36, 42, "LOC", "London")], Spans(gold.GetProperty("result")));
        Assert.Equal(0, (await _s.ConflictsAsync(project)).GetProperty("total").GetInt32());
        var outcome = await _s.OutcomeAsync(task);
        Assert.Equal("Resolved", outcome.GetProperty("state").GetString());
        Assert.Equal([(0, 12, "PER", "Ada Lovelace"), (36, 42, "LOC", "London")],
            Spans(outcome.GetProperty("final").GetProperty("controls")[0].GetProperty("result")));
    }

    [Fact]
    public async Task UseConsensusAsGold_OnASpanLabelTie_IsRefusedNamingTheControl()
    {
        var project = await _s.ProjectAsync("Entity tie", 3, LabelingConfigSamples.NamedEntityRecognition, [EntityText]);
        // Two of three mark "Charles Babbage", one as a person and one as an organisation: the label is a tie.
        var task = await SpansAsync(project, [Span(17, 32, "PER")], [Span(17, 32, "ORG")], []);

        var item = Assert.Single((await _s.ConflictsAsync(project)).GetProperty("items").EnumerateArray());
        Assert.True(item.GetProperty("spanTie").GetBoolean()); // the quality page offers no "Use consensus as gold" here

        var message = await UseConsensusThroughServiceAsync(task);

        Assert.Contains("split on a span of \"label\"", message, StringComparison.Ordinal);
        Assert.Equal(0, await _s.App.QueryAsync(db => db.GoldAnswers.CountAsync(g => g.TaskId == task)));
        Assert.Equal(1, (await _s.ConflictsAsync(project)).GetProperty("total").GetInt32());
    }

    private const string EntityText = "Ada Lovelace met Charles Babbage in London";

    private static string Span(int start, int end, string label) =>
        $$$"""{"from_name":"label","to_name":"text","type":"labels","value":{"start":{{{start}}},"end":{{{end}}},"text":"{{{EntityText[start..end]}}}","labels":["{{{label}}}"]}}""";

    /// <summary>Each rater in turn answers the task with their spans ("no entities" when they mark none); returns the task id.</summary>
    private async Task<long> SpansAsync(long project, params string[][] answers)
    {
        long task = 0;
        for (var i = 0; i < answers.Length; i++)
        {
            task = await _s.NextAsync(i, project) ?? throw new InvalidOperationException("no task for the rater");
            var body = answers[i].Length == 0 ? """{"result":[],"no_entities":["label"]}""" : $$"""{"result":[{{string.Join(',', answers[i])}}]}""";
            Assert.Equal(HttpStatusCode.Created, (await _s.Raters[i].PostAsync($"/api/tasks/{task}/annotations", ReviewScenario.Json(body))).StatusCode);
        }
        return task;
    }

    private static List<(int, int, string?, string?)> Spans(JsonElement result) => [.. result.EnumerateArray().Select(r => r.GetProperty("value"))
        .Select(v => (v.GetProperty("start").GetInt32(), v.GetProperty("end").GetInt32(), v.GetProperty("labels")[0].GetString(), v.GetProperty("text").GetString()))];

    private async Task<string> UseConsensusThroughServiceAsync(long task)
    {
        using var scope = _s.App.Services.CreateScope();
        var gold = scope.ServiceProvider.GetRequiredService<Data.Quality.GoldService>();
        var e = await Assert.ThrowsAsync<Data.Common.DomainValidationException>(() =>
            gold.UseConsensusAsync(task, null, new Data.Common.Actor(_s.LeadId, false, true)));
        return e.Message;
    }

    [Fact]
    public async Task Outcome_OpenTask_HasNoFinalLabelYet()
    {
        var project = await _s.ProjectAsync("Open", 3, "x");
        var task = await _s.App.QueryAsync(db => db.Tasks.Where(t => t.ProjectId == project).Select(t => t.Id).SingleAsync());

        var outcome = await _s.OutcomeAsync(task);

        Assert.Equal("Open", outcome.GetProperty("state").GetString());
        Assert.Equal("open", outcome.GetProperty("final").GetProperty("controls")[0].GetProperty("reason").GetString());
        var rater = await _s.Raters[0].GetAsync($"/api/tasks/{task}/outcome");
        Assert.Equal(HttpStatusCode.Forbidden, rater.StatusCode);
    }
}
