using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Admin;
using LabelStudio.Data.Common;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Projects;
using LabelStudio.E2ETests.Feedback;
using LabelStudio.E2ETests.Infrastructure;
using LabelStudio.Feedback.Synthetic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LabelStudio.E2ETests.Jobs;

/// <summary>
/// The import tab and the click-feedback page list their jobs from the database: one that finished, one that failed
/// (with its reasons) and one running, with a progress bar that moves and a cancel button that stops it.
/// </summary>
public sealed class JobsEndToEndTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string Password = "E2e-password-1";

    private readonly KestrelAppFactory _app = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "labelstudio-e2e-jobs-" + Guid.NewGuid().ToString("N"));
    private HttpClient _api = null!;
    private long _textProject;
    private long _clickProject;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        using var scope = _app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<UserService>()
            .CreateAsync(new NewUser("admin@e2e.test", "Erin Admin", Roles.Admin, Password), Actor.System);
        var projects = scope.ServiceProvider.GetRequiredService<ProjectService>();
        _textProject = (await projects.CreateAsync(new ProjectDraft("Support tickets", "", "", LabelingConfigSamples.TextClassification,
            new ProjectSettings()), Actor.System)).Id;
        _clickProject = (await projects.CreateAsync(new ProjectDraft("Search relevance", "", "", FeedbackProjectApp.RelevanceConfig,
            new ProjectSettings()), Actor.System)).Id;
        _api = await Seed.ApiClientAsync(_app.BaseUrl, "admin@e2e.test", Password);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private async Task<long> PostAsync(string url, string path)
    {
        await using var file = File.OpenRead(path);
        var response = await _api.PostAsync(url, new StreamContent(file) { Headers = { ContentType = new("application/x-ndjson") } });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private async Task WaitForStateAsync(long job, params string[] states)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var state = (await _api.GetFromJsonAsync<JsonElement>($"/api/jobs/{job}")).GetProperty("state").GetString();
            if (Array.IndexOf(states, state) >= 0) return;
            Assert.True(DateTime.UtcNow < deadline, $"job {job} never reached {string.Join("/", states)}");
            await Task.Delay(100);
        }
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Tasks(int count, string prefix = "Ticket") =>
        string.Concat(Enumerable.Range(0, count).Select(i => $"{{\"text\":\"{prefix} {i}: the reply came after two days.\"}}\n"));

    [Fact]
    public async Task ImportTab_ShowsDoneFailedAndRunningJobs_AndCancelStopsTheRunningOne()
    {
        var done = await PostAsync($"/api/projects/{_textProject}/import?fileName=tickets-march.jsonl&async=true", Write("ok.jsonl", Tasks(240)));
        await WaitForStateAsync(done, "Succeeded");
        var failed = await PostAsync($"/api/projects/{_textProject}/import?fileName=tickets-april.jsonl&async=true",
            Write("bad.jsonl", Tasks(3, "April ticket") + "{\"txt\":\"misspelt key\"}\n{\"text\": }\n"));
        await WaitForStateAsync(failed, "Failed");
        var running = await PostAsync($"/api/projects/{_textProject}/import?fileName=tickets-archive.jsonl&async=true",
            Write("big.jsonl", Tasks(700_000, "Archived ticket")));
        await WaitForStateAsync(running, "Running");

        var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        await page.SignInAsync(_app.BaseUrl, "admin@e2e.test", Password);
        await page.GotoAsync($"{_app.BaseUrl}/projects/{_textProject}?tab=import");
        await page.WaitForInteractiveAsync();
        var jobs = page.Locator("[data-testid=import-jobs] [data-testid=job]");
        await page.Locator($"[data-job-id='{running}'][data-state=Running] [data-testid=job-progress]").WaitForAsync();
        Assert.Equal(["Running", "Failed", "Succeeded"], await jobs.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.state)"));
        var errorRows = page.Locator($"[data-job-id='{failed}'] [data-testid=import-error-row]");
        Assert.Equal(2, await errorRows.CountAsync());
        Assert.StartsWith("4", (await errorRows.First.InnerTextAsync()).Trim());
        var detail = page.Locator($"[data-job-id='{running}'] [data-testid=job-progress-detail]");
        var first = await detail.InnerTextAsync();
        await page.WaitForFunctionAsync("([sel, text]) => document.querySelector(sel)?.innerText !== text",
            new object[] { $"[data-job-id='{running}'] [data-testid=job-progress-detail]", first });
        await page.ScreenshotToAsync("import-jobs-running");

        await page.Locator($"[data-job-id='{running}'] [data-testid=job-cancel]").ClickAsync();
        await page.Locator($"[data-job-id='{running}'][data-state=Cancelled]").WaitForAsync(new() { Timeout = 60_000 });
        Assert.Contains("Nothing it wrote was kept", await page.Locator($"[data-job-id='{running}']").InnerTextAsync());
        await page.ScreenshotToAsync("import-jobs-cancelled");
    }

    [Fact]
    public async Task FeedbackPage_ShowsDoneFailedAndRunningIngests_AndCancelStopsTheRunningOne()
    {
        static string Log(int impressions, int seed) => string.Join("", SyntheticLines(impressions, seed));
        var done = await PostAsync($"/api/projects/{_clickProject}/feedback/ingest?fileName=clicks-monday.jsonl&async=true", Write("small.jsonl", Log(4000, 1)));
        await WaitForStateAsync(done, "Succeeded");
        var failed = await PostAsync($"/api/projects/{_clickProject}/feedback/ingest?fileName=clicks-tuesday.jsonl&async=true",
            Write("garbage.jsonl", string.Concat(Enumerable.Range(1, 40).Select(i => $"<html> line {i} of an error page\n"))));
        await WaitForStateAsync(failed, "Failed");
        var bigLog = Path.Combine(_directory, "big-log.jsonl");
        SyntheticClickLog.Create(new SyntheticClickLogOptions { Impressions = 400_000, Queries = 4000, DocsPerQuery = 30, Users = 30_000, Seed = 5 })
            .WriteJsonl(bigLog);
        var running = await PostAsync($"/api/projects/{_clickProject}/feedback/ingest?fileName=clicks-week.jsonl&async=true", bigLog);
        await WaitForStateAsync(running, "Running");

        var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1100 } });
        await page.SignInAsync(_app.BaseUrl, "admin@e2e.test", Password);
        await page.GotoAsync($"{_app.BaseUrl}/projects/{_clickProject}/feedback");
        await page.WaitForInteractiveAsync();
        await page.Locator($"[data-job-id='{running}'][data-state=Running] [data-testid=job-progress]").WaitForAsync();
        Assert.Contains("is a usable impression", await page.Locator($"[data-job-id='{failed}']").InnerTextAsync());
        Assert.Equal("Succeeded", await page.Locator($"[data-job-id='{done}']").GetAttributeAsync("data-state"));
        await page.ScreenshotToAsync("feedback-jobs-running");

        await page.Locator($"[data-job-id='{running}'] [data-testid=job-cancel]").ClickAsync();
        await page.Locator($"[data-job-id='{running}'][data-state=Cancelled]").WaitForAsync(new() { Timeout = 60_000 });
        await page.ScreenshotToAsync("feedback-jobs-cancelled");
    }

    private static IEnumerable<string> SyntheticLines(int impressions, int seed)
    {
        using var stream = new MemoryStream();
        SyntheticClickLog.Create(new SyntheticClickLogOptions { Impressions = impressions, Queries = 60, DocsPerQuery = 20, Users = 500, Seed = seed })
            .WriteJsonl(stream);
        yield return Encoding.UTF8.GetString(stream.ToArray());
    }
}
