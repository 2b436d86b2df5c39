using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Projects;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.IntegrationTests.Validation;

public sealed class ValidationApiTests : IAsyncLifetime
{
    private readonly KestrelAppFactory _app = new();
    private long _projectId;
    private HttpClient _admin = null!;
    private HttpClient _lead = null!;
    private HttpClient _rater = null!;

    public async Task InitializeAsync()
    {
        _projectId = await _app.CreateProjectAsync("Validation");
        await _app.CreateUserAsync("admin@test.local", Roles.Admin);
        var lead = await _app.CreateUserAsync("lead@test.local", Roles.Lead);
        var rater = await _app.CreateUserAsync("rater@test.local", Roles.Rater);
        await _app.AddMemberAsync(_projectId, lead, ProjectRole.Lead);
        await _app.AddMemberAsync(_projectId, rater);
        _admin = await _app.SignInAsync("admin@test.local");
        _lead = await _app.SignInAsync("lead@test.local");
        _rater = await _app.SignInAsync("rater@test.local");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>n tasks: text of 20–29 characters, "source" web/mail by <paramref name="webShare"/>, a "lang".</summary>
    private static string Batch(string prefix, int n, double webShare = 0.5, int textLength = 20, bool lang = true, string? extra = null) =>
        string.Concat(Enumerable.Range(0, n).Select(i =>
            $"{{\"text\":\"{prefix}{i:D5}{new string('a', textLength + i % 10)}\",\"source\":\"{(i < n * webShare ? "web" : "mail")}\"" +
            (lang ? ",\"lang\":\"en\"" : "") + (extra ?? "") + "}\n"));

    private async Task<JsonElement> ImportOkAsync(string name, string content)
    {
        var response = await _admin.ImportAsync(_projectId, name, content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Import_LabelOutsideConfigSpanAndDuplicate_RejectsFileNamingLineAndField()
    {
        const string file = """
            {"text":"one"}
            {"data":{"text":"two"},"annotations":[{"result":[{"from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Furious"]}}]}]}
            {"text":"one"}
            """;
        var response = await _admin.ImportAsync(_projectId, "bad.jsonl", file);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(2, errors.Count);
        Assert.StartsWith("line 2, field \"annotations[0].result[0].value.choices\": \"Furious\" is not a label of \"sentiment\"", errors[0]);
        Assert.StartsWith("line 3, field \"data\": The task repeats the data of the task on line 1.", errors[1]);
        Assert.Equal(0, await _app.QueryAsync(db => db.Tasks.CountAsync()));
        Assert.Equal(0, await _app.QueryAsync(db => db.StatisticsSnapshots.CountAsync()));
    }

    [Fact]
    public async Task Import_DuplicatesAllowed_ImportsBoth()
    {
        var body = new StringContent("{\"text\":\"same\"}\n{\"text\":\"same\"}\n");
        body.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        var response = await _admin.PostAsync($"/api/projects/{_projectId}/import?fileName=dup.jsonl&allowDuplicates=true", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("taskCount").GetInt32());
    }

    [Fact]
    public async Task Import_SecondBatchDiffers_ReturnsAndStoresWarnings()
    {
        var first = await ImportOkAsync("first.jsonl", Batch("a", 400));
        Assert.Empty(first.GetProperty("warnings").EnumerateArray());

        // No "lang", a new "country", a new source value, texts ten times longer.
        var second = await ImportOkAsync("second.jsonl",
            Batch("b", 300, webShare: 0.3, textLength: 200, lang: false, extra: ",\"country\":\"fr\"").Replace("\"mail\"", "\"fax\""));
        var kinds = second.GetProperty("warnings").EnumerateArray().Select(w => (w.GetProperty("kind").GetString(), w.GetProperty("field").GetString())).ToList();
        Assert.Contains(("NewField", "country"), kinds);
        Assert.Contains(("VanishedField", "lang"), kinds);
        Assert.Contains(("NewValues", "source"), kinds);
        Assert.Contains(("DistributionShift", "text"), kinds);

        var batches = await _lead.GetFromJsonAsync<JsonElement>($"/api/projects/{_projectId}/imports/statistics");
        Assert.Equal([kinds.Count, 0], batches.EnumerateArray().Select(b => b.GetProperty("warnings").GetInt32()));

        var batchId = second.GetProperty("id").GetInt64();
        var stats = await _lead.GetFromJsonAsync<JsonElement>($"/api/projects/{_projectId}/imports/{batchId}/statistics");
        Assert.Equal(kinds.Count, stats.GetProperty("warnings").GetArrayLength());
        var statistics = stats.GetProperty("statistics");
        Assert.Equal(300, statistics.GetProperty("tasks").GetInt64());
        var source = statistics.GetProperty("fields").GetProperty("source");
        Assert.Equal("String", source.GetProperty("type").GetString());
        Assert.Equal(2, source.GetProperty("distinct").GetInt64());
        Assert.Equal("fax", source.GetProperty("topValues")[0].GetProperty("value").GetString());
        // "web" and "fax" are both 3 characters: one point bucket; the texts (206–215 characters) fill ten.
        Assert.Single(source.GetProperty("textLength").GetProperty("histogram").EnumerateArray());
        var lengths = statistics.GetProperty("fields").GetProperty("text").GetProperty("textLength");
        Assert.Equal(10, lengths.GetProperty("histogram").GetArrayLength());
        Assert.Equal(206, lengths.GetProperty("min").GetDouble());
    }

    [Fact]
    public async Task Drift_TwoBatches_FlagsTheMovedValueAndHonoursTheThreshold()
    {
        var a = (await ImportOkAsync("a.jsonl", Batch("a", 2000, webShare: 0.5))).GetProperty("id").GetInt64();
        var b = (await ImportOkAsync("b.jsonl", Batch("b", 2000, webShare: 0.7))).GetProperty("id").GetInt64();

        var drift = await _lead.GetFromJsonAsync<JsonElement>($"/api/projects/{_projectId}/drift?baseline={a}&current={b}");
        var source = drift.GetProperty("report").GetProperty("items").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "source");
        // mail 0.5 → 0.3 and web 0.5 → 0.7: L∞ 0.2, first in ordinal order "mail"; the band at n = 2,000 a side is 0.03.
        Assert.Equal("LInfinity", source.GetProperty("measure").GetString());
        Assert.Equal(0.2, source.GetProperty("distance").GetDouble(), 9);
        Assert.Equal("mail", source.GetProperty("movedValue").GetString());
        Assert.Equal("Drift", source.GetProperty("verdict").GetString());
        var text = drift.GetProperty("report").GetProperty("items").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "text");
        Assert.Equal("TextLength", text.GetProperty("subject").GetString());

        var put = await _lead.PutAsJsonAsync($"/api/projects/{_projectId}/validation/settings", new { lInfinityThreshold = 0.25, jensenShannonThreshold = 0.1 });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        drift = await _lead.GetFromJsonAsync<JsonElement>($"/api/projects/{_projectId}/drift?baseline={a}&current={b}");
        source = drift.GetProperty("report").GetProperty("items").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "source");
        Assert.Equal("Ok", source.GetProperty("verdict").GetString());
        Assert.Equal(0.25, source.GetProperty("threshold").GetDouble());
    }

    [Fact]
    public async Task Drift_SmallBatches_AreWithinNoise()
    {
        var a = (await ImportOkAsync("a.jsonl", Batch("a", 20, webShare: 0.5))).GetProperty("id").GetInt64();
        var b = (await ImportOkAsync("b.jsonl", Batch("b", 20, webShare: 0.7))).GetProperty("id").GetInt64();
        var drift = await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{_projectId}/drift?baseline={a}&current={b}");
        var source = drift.GetProperty("report").GetProperty("items").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "source");
        Assert.Equal(0.2, source.GetProperty("distance").GetDouble(), 9);
        Assert.Equal("WithinNoise", source.GetProperty("verdict").GetString());
        Assert.True(source.GetProperty("noiseBand").GetDouble() > 0.2);
    }

    [Fact]
    public async Task Settings_OutOfRange_Returns400NamingTheField()
    {
        var put = await _admin.PutAsJsonAsync($"/api/projects/{_projectId}/validation/settings", new { lInfinityThreshold = 0, jensenShannonThreshold = 2 });
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        var text = await put.Content.ReadAsStringAsync();
        Assert.Contains("lInfinityThreshold", text);
        Assert.Contains("jensenShannonThreshold", text);
    }

    [Fact]
    public async Task Validate_ServingFile_ReportsSchemaAndDistributionSkew()
    {
        await ImportOkAsync("train.jsonl", Batch("t", 1000, webShare: 0.5));
        var serving = string.Concat(Enumerable.Range(0, 500).Select(i => $"{{\"body\":\"r{i}\",\"source\":\"{(i % 10 == 0 ? "mail" : "web")}\",\"lang\":\"en\"}}\n"));
        var content = new StringContent(serving, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");

        var response = await _lead.PostAsync($"/api/projects/{_projectId}/validate?fileName=serving.jsonl", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("report");
        Assert.Equal(1000, report.GetProperty("trainingTasks").GetInt64());
        Assert.Equal(500, report.GetProperty("servingRecords").GetInt64());
        AssertSkewed(report);
    }

    [Fact]
    public async Task ValidateAgainstVersion_NewMissingAndShiftedFields_Reported_SameDistribution_Clean()
    {
        await ImportOkAsync("train.jsonl", Batch("t", 1000, webShare: 0.5));
        var version = await Datasets.DatasetScenario.CreateVersionAsync(_lead, _projectId, new { name = "Training set", filter = new { includeUnlabeled = true } });
        var id = version.GetProperty("id").GetInt64();
        Assert.Equal(1000, version.GetProperty("taskCount").GetInt32());

        var skewed = string.Concat(Enumerable.Range(0, 500).Select(i => $"{{\"body\":\"r{i}\",\"source\":\"{(i % 10 == 0 ? "mail" : "web")}\",\"lang\":\"en\"}}\n"));
        var report = await ValidateVersionAsync(id, skewed);
        Assert.StartsWith("dataset version 1", report.GetProperty("against").GetString());
        report = report.GetProperty("report");
        Assert.Equal(1000, report.GetProperty("trainingTasks").GetInt64());
        Assert.False(report.GetProperty("clean").GetBoolean());
        AssertSkewed(report);

        var same = (await ValidateVersionAsync(id, Batch("s", 500, webShare: 0.5))).GetProperty("report");
        Assert.True(same.GetProperty("clean").GetBoolean(), same.ToString());

        var refused = await _rater.PostAsync($"/api/datasets/{id}/validate?fileName=serving.jsonl", new StringContent("{\"text\":\"x\"}\n"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var bad = new StringContent("{\"text\":\"ok\"}\nnot json at all\n", Encoding.UTF8);
        bad.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        var unreadable = await _lead.PostAsync($"/api/datasets/{id}/validate?fileName=serving.jsonl", bad);
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        Assert.Contains("line 2", await unreadable.Content.ReadAsStringAsync());
    }

    /// <summary>The serving file lacks "text" (an error), has a new "body", and its "source" moved by 0.4 (drift).</summary>
    private static void AssertSkewed(JsonElement report)
    {
        var skew = report.GetProperty("schemaSkew").EnumerateArray().ToList();
        Assert.Contains(skew, s => s.GetProperty("severity").GetString() == "Error" && s.GetProperty("field").GetString() == "text");
        Assert.Contains(skew, s => s.GetProperty("kind").GetString() == "NewField" && s.GetProperty("field").GetString() == "body");
        var source = report.GetProperty("distributionSkew").GetProperty("items").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "source");
        Assert.Equal(0.4, source.GetProperty("distance").GetDouble(), 9);
        Assert.Equal("Drift", source.GetProperty("verdict").GetString());
    }

    private async Task<JsonElement> ValidateVersionAsync(long versionId, string serving)
    {
        var content = new StringContent(serving, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        var response = await _lead.PostAsync($"/api/datasets/{versionId}/validate?fileName=serving.jsonl", content);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Validate_UnreadableRecords_Returns400()
    {
        await ImportOkAsync("train.jsonl", Batch("t", 10));
        var content = new StringContent("{\"text\":\"ok\"}\nnot json at all\n", Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        var response = await _admin.PostAsync($"/api/projects/{_projectId}/validate?fileName=serving.jsonl", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("line 2", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RaterSkew_ImportedAuthors_FlagsTheBiasedOne()
    {
        var lines = Enumerable.Range(0, 200).Select(i =>
        {
            string Answer(string choice, string author) =>
                $$$"""{"result":[{"from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["{{{choice}}}"]}}],"completed_by":"{{{author}}}"}""";
            return $$"""{"data":{"text":"review {{i}}"},"annotations":[{{Answer(i % 2 == 0 ? "Positive" : "Negative", "ann")}},{{Answer(i % 2 == 1 ? "Positive" : "Negative", "bob")}},{{Answer(i % 10 == 0 ? "Negative" : "Positive", "eve")}}]}""";
        });
        await ImportOkAsync("rated.jsonl", string.Join('\n', lines) + "\n");

        var skew = await _lead.GetFromJsonAsync<JsonElement>($"/api/projects/{_projectId}/rater-skew");
        var top = skew[0];
        Assert.Equal("eve (imported)", top.GetProperty("raterName").GetString());
        Assert.Equal("sentiment", top.GetProperty("control").GetString());
        Assert.Equal(200, top.GetProperty("labels").GetInt64());
        // eve: Negative 0.1 against ann + bob's 0.5: L∞ 0.4.
        Assert.Equal(0.4, top.GetProperty("drift").GetProperty("distance").GetDouble(), 9);
        Assert.Equal("Drift", top.GetProperty("drift").GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Reports_Rater_IsDenied()
    {
        var batch = (await ImportOkAsync("a.jsonl", Batch("a", 5))).GetProperty("id").GetInt64();
        foreach (var path in new[] { "imports/statistics", $"imports/{batch}/statistics", "schema", $"drift?baseline={batch}&current={batch}", "rater-skew", "validation/settings" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await _rater.GetAsync($"/api/projects/{_projectId}/{path}")).StatusCode);
        }
    }

    [Fact]
    public async Task Schema_AfterImports_HasDomainsAndRequiredFields()
    {
        await ImportOkAsync("a.jsonl", Batch("a", 100));
        var schema = await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{_projectId}/schema");
        var fields = schema.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.True(fields["text"].GetProperty("requiredByConfig").GetBoolean());
        Assert.Equal(["mail", "web"], fields["source"].GetProperty("domain").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["Positive", "Negative", "Neutral"],
            schema.GetProperty("controls")[0].GetProperty("labels").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task Import_LabelStudioSpanExport_ImportsUnchanged()
    {
        var project = await _app.CreateProjectAsync("NER", xml: LabelingConfigSamples.NamedEntityRecognition);
        const string export = """
            [{"id":1,"data":{"text":"Ada Lovelace met Babbage"},"annotations":[{"id":1,"completed_by":1,"result":[
              {"id":"a","from_name":"label","to_name":"text","type":"labels","value":{"start":0,"end":12,"text":"Ada Lovelace","labels":["PER"]}},
              {"id":"b","from_name":"label","to_name":"text","type":"labels","value":{"start":17,"end":24,"text":"Babbage","labels":["PER"]}}],
              "was_cancelled":false,"ground_truth":false,"lead_time":3.2}],"predictions":[]}]
            """;
        Assert.Equal(HttpStatusCode.Created, (await _admin.ImportAsync(project, "project-1-export.json", export)).StatusCode);
    }
}
