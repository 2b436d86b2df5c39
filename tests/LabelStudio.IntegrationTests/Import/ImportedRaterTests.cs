using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LabelStudio.Core.Import;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Import;
using LabelStudio.Data.Jobs;
using LabelStudio.Data.Labeling;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.IntegrationTests.Import;

/// <summary>
/// Annotations imported with an author (Label Studio's completed_by) count as that author's ratings, under one imported
/// rater per author and project: agreement, outcomes, conflicts and final labels come out as if the same answers had
/// been given natively. On a real SQLite file behind a real server.
/// </summary>
public sealed class ImportedRaterTests : IAsyncLifetime
{
    private static readonly string[][] Answers =
    [
        ["Positive", "Positive", "Positive"],
        ["Positive", "Negative", "Positive"],
        ["Neutral", "Neutral", "Negative"],
        ["Negative", "Positive", "Neutral"],
    ];

    private readonly KestrelAppFactory _app = new();
    private HttpClient _admin = null!;
    private List<HttpClient> _raters = [];
    private List<string> _raterIds = [];

    public async Task InitializeAsync() => (_admin, _raters, _raterIds) = await _app.SignInAdminAndThreeRatersAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static string Choice(string choice) =>
        $$$"""[{"id":"r1","from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["{{{choice}}}"]}}]""";

    private static string Annotation(string author, string? choice, string? createdAt = null) =>
        $$$"""{"completed_by":{{{author}}},"was_cancelled":{{{(choice is null ? "true" : "false")}}},"ground_truth":false,""" +
        $$$"""{{{(createdAt is null ? "" : $"\"created_at\":\"{createdAt}\",")}}}"result":{{{(choice is null ? "[]" : Choice(choice))}}}}""";

    private static string Task(string text, params string[] annotations) =>
        $$$"""{"data":{"text":"{{{text}}}"},"annotations":[{{{string.Join(',', annotations)}}}]}""";

    /// <summary>A Label Studio JSON export of <see cref="Answers"/>: authors 11, 12 (once as a user object) and 13 on every task.</summary>
    private static string Export() => "[" + string.Join(",\n", Answers.Select((row, i) => Task($"t{i + 1}",
        Annotation("11", row[0]),
        Annotation(i == 0 ? """{"id":12,"email":"bo@ls.example","first_name":"Bo"}""" : "12", row[1]),
        Annotation("13", row[2])))) + "]";

    private async Task<long> ImportAsync(long project, string fileName, string content)
    {
        var response = await _admin.ImportAsync(project, fileName, content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private async Task RateNativelyAsync(long project)
    {
        foreach (var row in Answers)
        {
            long task = 0;
            for (var i = 0; i < row.Length; i++)
            {
                var next = await _raters[i].GetAsync($"/api/projects/{project}/next");
                Assert.Equal(HttpStatusCode.OK, next.StatusCode);
                var id = (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("taskId").GetInt64();
                Assert.True(task == 0 || task == id, "the raters should get the same task");
                task = id;
                var submit = await _raters[i].PostAsync($"/api/tasks/{id}/annotations",
                    new StringContent(TestApp.ChoiceResult(row[i]), Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.Created, submit.StatusCode);
            }
        }
    }

    private static double Measure(JsonElement report, string name) =>
        report.GetProperty("snapshot").GetProperty("measures").GetProperty("controls")[0].GetProperty(name).GetDouble();

    private async Task<List<(string Text, string State, string Reasons)>> OutcomesAsync(long project)
    {
        var tasks = await _app.QueryAsync(db => db.Tasks.Where(t => t.ProjectId == project).OrderBy(t => t.Id)
            .Select(t => new { t.Id, t.DataJson }).ToListAsync());
        var result = new List<(string, string, string)>();
        foreach (var t in tasks)
        {
            var outcome = await _admin.GetFromJsonAsync<JsonElement>($"/api/tasks/{t.Id}/outcome");
            result.Add((t.DataJson, outcome.GetProperty("state").GetString()!,
                string.Join(',', outcome.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()))));
        }
        return result;
    }

    [Fact]
    public async Task Import_ThreeAuthorsOnEachTask_AgreementOutcomesAndConflictsAsGivenNatively()
    {
        var native = await _app.CreateProjectAsync("Native", overlap: 3);
        foreach (var rater in _raterIds) await _app.AddMemberAsync(native, rater);
        await ImportAsync(native, "texts.jsonl", string.Concat(Enumerable.Range(1, Answers.Length).Select(i => $"{{\"text\":\"t{i}\"}}\n")));
        await RateNativelyAsync(native);
        Assert.Equal(HttpStatusCode.Accepted, (await _admin.PostAsync($"/api/projects/{native}/quality/recompute", null)).StatusCode);
        var nativeReport = await _admin.WaitForQualityAsync(native, ratings: 12);

        var imported = await _app.CreateProjectAsync("Moved in", overlap: 3);
        foreach (var rater in _raterIds) await _app.AddMemberAsync(imported, rater);
        await ImportAsync(imported, "export.json", Export());
        // No manual recompute: the import asks for one.
        var importedReport = await _admin.WaitForQualityAsync(imported, ratings: 12);

        foreach (var measure in new[] { "fleissKappa", "alpha", "ac1", "meanPairwiseKappa" })
        {
            Assert.Equal(Measure(nativeReport, measure), Measure(importedReport, measure), 12);
        }
        Assert.Equal(nativeReport.GetProperty("outcomes").GetRawText(), importedReport.GetProperty("outcomes").GetRawText());
        Assert.Equal(await OutcomesAsync(native), await OutcomesAsync(imported));
        Assert.Contains(await OutcomesAsync(imported), o => o.State == "Conflict");

        // One imported rater per author, shown as imported, with as many ratings as each native rater.
        var raters = importedReport.GetProperty("snapshot").GetProperty("raters").EnumerateArray().ToList();
        Assert.Equal(["Imported #11", "Imported #13", "bo@ls.example"],
            raters.Select(r => r.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(raters, r => Assert.True(r.GetProperty("imported").GetBoolean()));
        Assert.All(raters, r => Assert.StartsWith("imported:", r.GetProperty("userId").GetString()));
        Assert.All(raters, r => Assert.Equal(4, r.GetProperty("quality").GetProperty("ratings").GetInt32()));
        Assert.All(nativeReport.GetProperty("snapshot").GetProperty("raters").EnumerateArray(),
            r => Assert.False(r.GetProperty("imported").GetBoolean()));

        // The review queue shows every imported rater's answer, marked as imported.
        var conflicts = await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{imported}/conflicts");
        var nativeConflicts = await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{native}/conflicts");
        Assert.Equal(nativeConflicts.GetProperty("total").GetInt32(), conflicts.GetProperty("total").GetInt32());
        var first = conflicts.GetProperty("items")[0];
        Assert.Equal(3, first.GetProperty("answers").GetArrayLength());
        Assert.All(first.GetProperty("answers").EnumerateArray(), a => Assert.True(a.GetProperty("imported").GetBoolean()));
        var byRater = await _admin.GetFromJsonAsync<JsonElement>(
            $"/api/projects/{imported}/conflicts?rater={Uri.EscapeDataString(raters[0].GetProperty("userId").GetString()!)}");
        Assert.Equal(conflicts.GetProperty("total").GetInt32(), byRater.GetProperty("total").GetInt32());

        // Agreed tasks have a consensus final label built from the three imported annotations.
        var agreedTask = await _app.QueryAsync(db => db.TaskOutcomes.Where(o => o.ProjectId == imported && o.State == LabelStudio.Quality.TaskOutcomeState.Agreed)
            .Select(o => o.TaskId).FirstAsync());
        var final = (await _admin.GetFromJsonAsync<JsonElement>($"/api/tasks/{agreedTask}/outcome")).GetProperty("final");
        Assert.True(final.GetProperty("hasLabel").GetBoolean(), final.GetRawText());
        var label = final.GetProperty("controls")[0];
        Assert.Equal("Consensus", label.GetProperty("origin").GetString());
        Assert.Equal(3, label.GetProperty("annotationIds").GetArrayLength());

        // The tasks arrived complete: raters get nothing more to do, and imported raters never became accounts.
        Assert.Equal(HttpStatusCode.NotFound, (await _raters[0].GetAsync($"/api/projects/{imported}/next")).StatusCode);
        Assert.Equal(4, await _app.QueryAsync(db => db.Users.CountAsync()));
        Assert.Equal(3, await _app.QueryAsync(db => db.ImportedRaters.CountAsync(r => r.ProjectId == imported)));
    }

    [Fact]
    public async Task Import_SameAuthorsAgain_ReusesTheirImportedRaters()
    {
        var project = await _app.CreateProjectAsync("Twice", overlap: 2);
        await ImportAsync(project, "a.json", "[" + Task("a", Annotation("11", "Positive"), Annotation("\"cy@ls.example\"", "Positive")) + "]");
        await ImportAsync(project, "b.json", "[" + Task("b", Annotation("""{"id":11,"email":"al@ls.example"}""", "Negative"),
            Annotation("\"cy@ls.example\"", "Negative"), Annotation("14", "Neutral")) + "]");

        var raters = await _app.QueryAsync(db => db.ImportedRaters.Where(r => r.ProjectId == project).OrderBy(r => r.Id).ToListAsync());
        Assert.Equal(["11", "cy@ls.example", "14"], raters.Select(r => r.ExternalKey));
        Assert.Equal(["Imported #11", "cy@ls.example", "Imported #14"], raters.Select(r => r.DisplayName));
        var perRater = await _app.QueryAsync(db => db.Annotations.Where(a => a.ProjectId == project)
            .GroupBy(a => a.ImportedRaterId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        Assert.Equal(2, perRater.Single(p => p.Key == raters[0].Id).Count);
        Assert.Equal(2, perRater.Single(p => p.Key == raters[1].Id).Count);
        Assert.Equal(1, perRater.Single(p => p.Key == raters[2].Id).Count);
        // The same author in another project is another imported rater.
        var other = await _app.CreateProjectAsync("Elsewhere", overlap: 2);
        await ImportAsync(other, "a.json", "[" + Task("a", Annotation("11", "Positive")) + "]");
        Assert.NotEqual(raters[0].Id, await _app.QueryAsync(db => db.ImportedRaters.Where(r => r.ProjectId == other).Select(r => r.Id).SingleAsync()));
    }

    [Fact]
    public async Task Import_SameAuthorByEmailThenUserObjectThenId_OneImportedRater()
    {
        var project = await _app.CreateProjectAsync("One author", overlap: 2);
        await ImportAsync(project, "by-email.json", "[" + Task("a", Annotation("\"Dee@ls.example\"", "Positive")) + "]");
        await ImportAsync(project, "by-object.json", "[" + Task("b", Annotation("""{"id":21,"email":"dee@ls.example"}""", "Negative")) + "]");
        await ImportAsync(project, "by-id.json", "[" + Task("c", Annotation("21", "Neutral")) + "]");
        // And the other way round: known by user object first, then by e-mail alone.
        await ImportAsync(project, "object.json", "[" + Task("d", Annotation("""{"id":22,"email":"eve@ls.example"}""", "Positive")) + "]");
        await ImportAsync(project, "email.json", "[" + Task("e", Annotation("\"EVE@ls.example\"", "Positive")) + "]");

        var raters = await _app.QueryAsync(db => db.ImportedRaters.Where(r => r.ProjectId == project).OrderBy(r => r.Id).ToListAsync());
        Assert.Equal(["21", "22"], raters.Select(r => r.ExternalKey));
        Assert.Equal(["Dee@ls.example", "eve@ls.example"], raters.Select(r => r.DisplayName));
        var perRater = await _app.QueryAsync(db => db.Annotations.Where(a => a.ProjectId == project)
            .GroupBy(a => a.ImportedRaterId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key ?? 0, g => g.Count));
        Assert.Equal(new Dictionary<long, int> { [raters[0].Id] = 3, [raters[1].Id] = 2 }, perRater);
    }

    [Fact]
    public async Task Import_OneTaskNamesAnAuthorByIdAndByEmail_OneRatingAndARevision()
    {
        var project = await _app.CreateProjectAsync("Two names", overlap: 3);
        // One person: the user object gives id and e-mail, the other annotation the e-mail alone (another case). The later
        // answer is theirs, the earlier its revision, as with two answers under one name; 13 is someone else.
        await ImportAsync(project, "export.json", "[" + Task("t",
            Annotation("""{"id":31,"email":"fay@ls.example"}""", "Positive", "2025-03-01T10:00:00Z"),
            Annotation("\"FAY@ls.example\"", "Negative", "2025-03-02T10:00:00Z"),
            Annotation("13", "Negative")) + "]");

        var task = await _app.QueryAsync(db => db.Tasks.SingleAsync(t => t.ProjectId == project));
        Assert.Equal(2, await _app.QueryAsync(db => db.CurrentRatings().CountAsync(a => a.TaskId == task.Id)));
        Assert.Equal(2, await _app.QueryAsync(db => db.ImportedRaters.CountAsync(r => r.ProjectId == project)));
        var fay = await _app.QueryAsync(db => db.Annotations.Where(a => a.TaskId == task.Id && a.ImportedAuthor != "13")
            .OrderBy(a => a.Revision).ToListAsync());
        Assert.Equal([0, 1], fay.Select(a => a.Revision));
        Assert.Single(fay.Select(a => a.ImportedRaterId).Distinct());
        Assert.Contains("Positive", fay[0].ResultJson, StringComparison.Ordinal);
        Assert.Contains("Negative", fay[1].ResultJson, StringComparison.Ordinal);
        Assert.Equal(fay[0].Id, fay[1].SupersedesId);
    }

    [Fact]
    public async Task Import_RevisionsSkipsAndAuthorlessAnnotations_CountAsNativeOnesWould()
    {
        var project = await _app.CreateProjectAsync("Revised", overlap: 3);
        foreach (var rater in _raterIds) await _app.AddMemberAsync(project, rater);
        // Author 11 answered twice (the later answer, first in the file, counts); 12 skipped; 13 answered; one without author.
        await ImportAsync(project, "export.json", "[" + Task("t",
            Annotation("11", "Negative", "2025-03-02T10:00:00Z"),
            Annotation("11", "Positive", "2025-03-01T10:00:00Z"),
            Annotation("12", null),
            Annotation("13", "Negative"),
            """{"result":""" + Choice("Positive") + "}") + "]");

        var task = await _app.QueryAsync(db => db.Tasks.SingleAsync(t => t.ProjectId == project));
        Assert.Equal((2, 1, false), (task.CompletedCount, task.SkipCount, task.IsComplete));
        var rows = await _app.QueryAsync(db => db.Annotations.Where(a => a.TaskId == task.Id).OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(5, rows.Count);
        var eleven = rows.Where(a => a.ImportedAuthor == "11").OrderBy(a => a.Revision).ToList();
        Assert.Equal([0, 1], eleven.Select(a => a.Revision));
        Assert.Contains("Positive", eleven[0].ResultJson);
        Assert.Equal(eleven[0].Id, eleven[1].SupersedesId);
        Assert.Null(rows.Single(a => a.ImportedAuthor == "imported").ImportedRaterId);
        Assert.Equal(2, await _app.QueryAsync(db => db.CurrentRatings().CountAsync(a => a.TaskId == task.Id)));

        // One more native rating completes the task; the imported ratings count with it.
        var next = await _raters[0].GetAsync($"/api/projects/{project}/next");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(task.Id, (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("taskId").GetInt64());
        Assert.Equal(HttpStatusCode.Created, (await _raters[0].PostAsync($"/api/tasks/{task.Id}/annotations",
            new StringContent(TestApp.ChoiceResult("Negative"), Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _raters[1].GetAsync($"/api/projects/{project}/next")).StatusCode);
        var outcome = await _admin.GetFromJsonAsync<JsonElement>($"/api/tasks/{task.Id}/outcome");
        Assert.Equal("Agreed", outcome.GetProperty("state").GetString());
        Assert.Equal(3, outcome.GetProperty("ratingCount").GetInt32());
        Assert.Equal(1.0, outcome.GetProperty("agreementScore").GetDouble());
    }

    [Fact]
    public async Task Import_Failed_LeavesNoImportedRaterBehind()
    {
        var project = await _app.CreateProjectAsync("Failing", overlap: 3);
        var bad = await _admin.ImportAsync(project, "bad.json", "[" + Task("ok", Annotation("11", "Positive")) + ","
            + """{"data":{"other":"x"},"annotations":[{"completed_by":12,"result":[]}]}""" + "]");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.ImportedRaters.IgnoreQueryFilters().CountAsync()));

        // A batch that did write raters before it failed: invisible while it stages, deleted once discarded.
        var jobId = await _app.AddJobAsync(project, "staged.json");
        var staged = await _app.Services.GetRequiredService<BulkTaskWriter>().BeginAsync(project, "staged.json", "Json", jobId, null);
        for (var i = 0; i < 3; i++)
        {
            await staged.AddAsync(new StagedTask($$"""{"text":"staged {{i}}"}""", Annotations:
                [.. new[] { "11", "12", "13" }.Select(a => new ImportedAnnotation(Choice("Positive"), 1, false, a, null))]), CancellationToken.None);
        }
        await staged.FlushAsync(CancellationToken.None);
        Assert.Equal(3, await _app.QueryAsync(db => db.ImportedRaters.IgnoreQueryFilters().CountAsync()));
        Assert.Equal(0, await _app.QueryAsync(db => db.ImportedRaters.CountAsync()));
        Assert.Equal(0, await _app.QueryAsync(db => db.CurrentRatings().CountAsync(a => a.ProjectId == project)));
        var quality = await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/quality");
        Assert.Equal(0, quality.GetProperty("outcomes").GetProperty("tasks").GetInt32());
        Assert.Equal(0, quality.GetProperty("outcomes").GetProperty("complete").GetInt32());

        await staged.DisposeAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await _app.QueryAsync(db => db.ImportedRaters.IgnoreQueryFilters().AnyAsync()) && DateTime.UtcNow < deadline)
        {
            await System.Threading.Tasks.Task.Delay(100);
        }
        Assert.Equal(0, await _app.QueryAsync(db => db.ImportedRaters.IgnoreQueryFilters().CountAsync()));
        Assert.Equal(0, await _app.QueryAsync(db => db.Tasks.IgnoreQueryFilters().CountAsync(t => t.ProjectId == project)));
    }
}
