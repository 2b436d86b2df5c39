using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LabelStudio.Data.Identity;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.IntegrationTests.Jobs;

/// <summary>Limits that say what they are, a click log that cannot be read, and settings checked at start-up.</summary>
public sealed class HardeningTests : IAsyncLifetime
{
    private readonly KestrelAppFactory _app = new(settings: new Dictionary<string, string?>
    {
        ["Import:MaxUploadBytes"] = "2048",
        ["Feedback:MaxUploadBytes"] = (3 << 20).ToString(),
        ["Kestrel:Limits:MaxRequestBodySize"] = (64 << 10).ToString(),
    });
    private long _projectId;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        await _app.CreateUserAsync("admin@limits.test", Roles.Admin);
        _projectId = await _app.CreateProjectAsync("Limits");
        _admin = await _app.SignInAsync("admin@limits.test");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Import_OverTheConfiguredLimit_Is413NamingTheLimit()
    {
        var sized = await _admin.PostAsync($"/api/projects/{_projectId}/import?fileName=t.jsonl",
            new StringContent(TestApp.TextTasks(300), Encoding.UTF8, "application/x-ndjson"));
        // Without a length up front, the limit is found while the file streams in.
        var streamed = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(TestApp.TextTasks(300))));
        streamed.Headers.ContentType = new("application/x-ndjson");
        using var chunked = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{_projectId}/import?fileName=t.jsonl") { Content = streamed };
        chunked.Headers.TransferEncodingChunked = true;
        var unsized = await _admin.SendAsync(chunked);

        foreach (var response in new[] { sized, unsized })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
            Assert.Contains("larger than the 2 KB limit", detail);
        }
        Assert.Empty(Directory.EnumerateFiles(_app.WorkDirectory, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task JsonBody_OverTheServerLimit_Is413_NotAContentTypeError()
    {
        var body = JsonSerializer.Serialize(new { name = new string('x', 100_000), labelConfig = "<View/>" });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/projects") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;

        var response = await _admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Equal("The request body is larger than the 64 KB this endpoint accepts.", detail);
    }

    [Fact]
    public async Task ClickLog_WithNoValidLine_IsAFailedIngestThatSaysWhy()
    {
        var garbage = string.Join('\n', Enumerable.Range(1, 50).Select(i => $"not an impression {i}")) + "\n";

        var sync = await _admin.PostAsync($"/api/projects/{_projectId}/feedback/ingest?fileName=garbage.jsonl",
            new StringContent(garbage, Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.BadRequest, sync.StatusCode);
        Assert.Contains("No line of garbage.jsonl is a usable impression (50 lines read, 50 malformed). Line 1:", await sync.Content.ReadAsStringAsync());

        var queued = await _admin.PostAsync($"/api/projects/{_projectId}/feedback/ingest?fileName=garbage.jsonl&async=true",
            new StringContent(garbage, Encoding.UTF8, "application/x-ndjson"));
        var id = (await queued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var job = await _admin.WaitForJobAsync($"/api/feedback-jobs/{id}");
        Assert.Equal("Failed", job.GetProperty("state").GetString());
        Assert.Contains("is a usable impression", job.GetProperty("message").GetString());
        Assert.Equal(0, await _app.QueryAsync(db => db.FeedbackIngests.CountAsync()));
        Assert.Equal(0, await _app.QueryAsync(db => db.FeedbackLabels.IgnoreQueryFilters().CountAsync()));
    }

    [Fact]
    public async Task Pages_ShowTheConfiguredLimits()
    {
        var admin = await _app.SignInWithCookieAsync("admin@limits.test");

        var import = WebUtility.HtmlDecode(await admin.GetStringAsync($"/projects/{_projectId}?tab=import"));
        var feedback = WebUtility.HtmlDecode(await admin.GetStringAsync($"/projects/{_projectId}/feedback"));

        Assert.Contains("up to 2 KB", import);
        Assert.DoesNotContain("1 GB", import);
        Assert.Contains("up to 3 MB", feedback);
    }

    [Theory]
    [InlineData("Import:MaxUploadBytes", "-5")]
    [InlineData("Jobs:MaxConcurrency", "lots")]
    [InlineData("Jobs:ChunkMilliseconds", "0")]
    [InlineData("Quality:BootstrapResamples", "-1")]
    public async Task WebApp_WrongSetting_FailsAtStartNamingTheKey(string key, string value)
    {
        await using var broken = new KestrelAppFactory(settings: new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => broken.BaseUrl);

        Assert.Contains(key, error.ToString());
    }

    [Fact]
    public async Task WebAppProcess_WrongSettingOnTheCommandLine_ExitsAtStartNamingTheKey()
    {
        var database = Path.Combine(Path.GetTempPath(), $"labelstudio-args-{Guid.NewGuid():N}.db");
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                AppProcess.StartAsync($"Data Source={database}", arguments: ["--Import:MaxUploadBytes", "-5"]));

            Assert.Contains("The app exited", error.Message);
            Assert.Contains("Import:MaxUploadBytes", error.Message);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(database) + "*")) File.Delete(file);
        }
    }
}
