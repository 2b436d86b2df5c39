using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LabelStudio.Data.Identity;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.IntegrationTests.Import;

public sealed class ImportApiTests : IAsyncLifetime
{
    private readonly KestrelAppFactory _app = new();
    private long _projectId;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _projectId = await _app.CreateProjectAsync("Imports");
        await _app.CreateUserAsync("admin@test.local", Roles.Admin);
        _admin = await _app.SignInAsync("admin@test.local");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<int> TaskCountAsync() => _app.QueryAsync(db => db.Tasks.CountAsync(t => t.ProjectId == _projectId));

    [Fact]
    public async Task Jsonl_WithPredictionsAndAnnotations_RecordsBatchWithHashAndKeepsBoth()
    {
        const string file = """
            {"data":{"text":"good"},"predictions":[{"result":[{"from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Positive"]}}],"score":0.9,"model_version":"m1"}]}
            {"data":{"text":"bad"},"annotations":[{"result":[{"from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Negative"]}}],"completed_by":7}]}
            {"text":"plain object is the data itself"}
            """;
        var response = await _admin.ImportAsync(_projectId, "reviews.jsonl", file);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var batch = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, batch.GetProperty("taskCount").GetInt32());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(file))), batch.GetProperty("sha256").GetString());

        var batchId = batch.GetProperty("id").GetInt64();
        Assert.Equal(3, await _app.QueryAsync(db => db.Tasks.CountAsync(t => t.ImportBatchId == batchId)));
        var prediction = await _app.QueryAsync(db => db.Predictions.SingleAsync());
        Assert.Equal("m1", prediction.ModelVersion);
        var imported = await _app.QueryAsync(db => db.Annotations.SingleAsync());
        Assert.Null(imported.UserId);
        Assert.Contains("Negative", imported.ResultJson);
        // An imported annotation with an author counts as that imported rater's rating (not an account's).
        Assert.NotNull(imported.ImportedRaterId);
        Assert.Equal("7", await _app.QueryAsync(db => db.ImportedRaters.Select(r => r.ExternalKey).SingleAsync()));
        Assert.Equal(1, await _app.QueryAsync(db => db.Tasks.SumAsync(t => t.CompletedCount)));
    }

    /// <summary>The hostile-input corpus's unreadable task files, each with the field its error must name.</summary>
    public static TheoryData<string, string> UnreadableTaskFiles() => new()
    {
        { "lone surrogate in a text field", "field \"text\"" },
        { "lone surrogate in a data key", "(a key)" },
        { "lone surrogate in an imported label", "annotations[0].result[0].value.choices[0]" },
        { "lone surrogate in an author", "annotations[0].completed_by" },
        { "lead time beyond a double", "annotations[0].lead_time" },
        { "data a string", "field \"data\"" },
    };

    [Theory]
    [MemberData(nameof(UnreadableTaskFiles))]
    public async Task UnreadableTask_RejectsWholeFile_NamesLineAndField_WritesNothing(string name, string field)
    {
        var body = Hostile.HostileInputs.UnreadableTasks.Single(b => b.Name == name);
        Assert.Equal(HttpStatusCode.Created, (await _admin.ImportAsync(_projectId, "good.jsonl", "{\"text\":\"before\"}\n")).StatusCode);

        var response = await _admin.ImportAsync(_projectId, "hostile.jsonl", Encoding.UTF8.GetString(body.Content));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Single().GetString()!;
        Assert.Contains("line 2", error);
        Assert.Contains(field, error);
        Assert.Equal(1, await TaskCountAsync());
        Assert.Equal(1, await _app.QueryAsync(db => db.ImportBatches.CountAsync()));
    }

    [Fact]
    public async Task OneBadRow_RejectsWholeFile_NamesLineAndField_WritesNothing()
    {
        var csv = "text,source\nfine,a\nalso fine,b\n";
        var bad = "{\"text\":\"ok\"}\n{\"title\":\"no text field\"}\n{\"text\":\"ok again\"}\n{\"body\":\"again\"}\n";
        Assert.Equal(HttpStatusCode.Created, (await _admin.ImportAsync(_projectId, "good.csv", csv)).StatusCode);

        var response = await _admin.ImportAsync(_projectId, "bad.jsonl", bad);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, body.GetProperty("totalErrors").GetInt32());
        var errors = body.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains("line 2", errors[0]);
        Assert.Contains("text", errors[0]);
        Assert.Contains("line 4", errors[1]);
        Assert.Equal(2, await TaskCountAsync());
        Assert.Equal(1, await _app.QueryAsync(db => db.ImportBatches.CountAsync()));
    }

    [Fact]
    public async Task BrokenJson_AndHeaderlessCsv_GiveClearErrors()
    {
        var broken = await _admin.ImportAsync(_projectId, "broken.json", "[{\"text\":\"a\"},\n{\"text\": }]");
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("line 2", await broken.Content.ReadAsStringAsync());

        var empty = await _admin.ImportAsync(_projectId, "empty.csv", "");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(0, await TaskCountAsync());
    }

    [Fact]
    public async Task HeaderlessCsv_GetsOneErrorAboutTheHeaderRow()
    {
        var response = await _admin.ImportAsync(_projectId, "no-header.csv", "great product,Positive\nterrible,Negative\n");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, body.GetProperty("totalErrors").GetInt32());
        var error = body.GetProperty("errors")[0].GetString()!;
        Assert.Contains("line 1", error);
        Assert.Contains("header row", error);
        Assert.Contains("\"text\"", error);
        Assert.Equal(0, await TaskCountAsync());
    }

    [Fact]
    public async Task InvalidUtf8_IsRejectedWithItsLine()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"text\":\"ok\"}\n{\"text\":\"bad ").Concat(new byte[] { 0xC3, 0x28 })
            .Concat(Encoding.UTF8.GetBytes("\"}\n")).ToArray();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/octet-stream");
        var response = await _admin.PostAsync($"/api/projects/{_projectId}/import?fileName=x.jsonl", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("UTF-8", text);
        Assert.Contains("line 2", text);
        Assert.Equal(0, await TaskCountAsync());
    }

    [Fact]
    public async Task BackgroundImport_ReportsJobUntilDone()
    {
        var content = new StringContent(string.Concat(Enumerable.Range(0, 500).Select(i => $"{{\"text\":\"t{i}\"}}\n")));
        content.Headers.ContentType = new("application/x-ndjson");
        var response = await _admin.PostAsync($"/api/projects/{_projectId}/import?fileName=big.jsonl&async=true", content);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal($"/api/jobs/{id}", location);
        var job = await _admin.WaitForJobAsync(location);
        Assert.Equal("Succeeded", job.GetProperty("state").GetString());
        Assert.Equal("import", job.GetProperty("kind").GetString());
        Assert.Equal(500, job.GetProperty("result").GetProperty("tasks").GetInt32());
        Assert.Equal(500, await TaskCountAsync());
        // The import-specific address answers too, from the same persisted job.
        var same = await _admin.GetFromJsonAsync<JsonElement>($"/api/import-jobs/{id}");
        Assert.Equal("Succeeded", same.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Rater_CannotImport()
    {
        await _app.CreateUserAsync("r@test.local", Roles.Rater);
        var rater = await _app.SignInAsync("r@test.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await rater.ImportAsync(_projectId, "t.jsonl", "{\"text\":\"x\"}\n")).StatusCode);
    }
}
