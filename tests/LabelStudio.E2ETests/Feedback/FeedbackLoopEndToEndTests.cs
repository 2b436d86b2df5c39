using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LabelStudio.Data.Admin;
using LabelStudio.Data.Common;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Projects;
using LabelStudio.E2ETests.Infrastructure;
using LabelStudio.Feedback.Synthetic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LabelStudio.E2ETests.Feedback;

/// <summary>
/// The click-feedback loop in a browser: two ingests over a catalog, one rolled back, the page's history says so; a
/// rater opens a click task and reads the query and the document's title and snippet, not ids.
/// </summary>
public sealed class FeedbackLoopEndToEndTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string Password = "E2e-password-1";

    private const string RelevanceConfig = """
        <View>
          <Header value="Is the document relevant to the query?"/>
          <Text name="query" value="$query"/>
          <Text name="doc" value="$doc"/>
          <Choices name="relevance" toName="doc" choice="single-radio">
            <Choice value="Relevant"/>
            <Choice value="Not relevant"/>
          </Choices>
        </View>
        """;

    private readonly KestrelAppFactory _app = new();
    private HttpClient _api = null!;
    private long _project;

    public async Task InitializeAsync()
    {
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserService>();
        await users.CreateAsync(new NewUser("admin@e2e.test", "Erin Admin", Roles.Admin, Password), Actor.System);
        var rater = (await users.CreateAsync(new NewUser("rater@e2e.test", "Riley Rater", Roles.Rater, Password), Actor.System)).User.Id;
        var projects = scope.ServiceProvider.GetRequiredService<ProjectService>();
        _project = (await projects.CreateAsync(new ProjectDraft("Web search relevance", "", "", RelevanceConfig,
            new ProjectSettings(Overlap: 1)), Actor.System)).Id;
        await projects.SetMemberAsync(_project, rater, ProjectRole.Rater, Actor.System);
        _api = await Seed.ApiClientAsync(_app.BaseUrl, "admin@e2e.test", Password);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
    }

    private static byte[] Log(int seed)
    {
        using var stream = new MemoryStream();
        SyntheticClickLog.Create(new SyntheticClickLogOptions
        {
            Impressions = 6000, Queries = 40, DocsPerQuery = 20, ResultsPerPage = 10, Users = 400, Seed = seed,
        }).WriteJsonl(stream);
        return stream.ToArray();
    }

    private static string Catalog(byte[] log)
    {
        var queries = new SortedSet<string>(StringComparer.Ordinal);
        var docs = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in Encoding.UTF8.GetString(log).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            queries.Add(doc.RootElement.GetProperty("query_id").GetString()!);
            foreach (var r in doc.RootElement.GetProperty("results").EnumerateArray()) docs.Add(r.GetString()!);
        }
        var tsv = new StringBuilder("kind\tid\ttext\ttitle\turl\n");
        foreach (var q in queries) tsv.Append($"query\t{q}\tcheap flights to lisbon ({q})\t\t\n");
        foreach (var d in docs)
        {
            tsv.Append($"doc\t{d}\tCompare fares from every airline and book in minutes; prices include taxes and one cabin bag.\t" +
                       $"Lisbon flight deals ({d})\thttps://travel.example.test/{d}\n");
        }
        return tsv.ToString();
    }

    private async Task<long> IngestAsync(byte[] body, string name)
    {
        var content = new ByteArrayContent(body) { Headers = { ContentType = new("application/x-ndjson") } };
        var response = await _api.PostAsync($"/api/projects/{_project}/feedback/ingest?fileName={name}", content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ingest").GetProperty("id").GetInt64();
    }

    private async Task WaitAsync(HttpResponseMessage started) =>
        await WaitAsync((await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());

    private async Task WaitAsync(long id)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await _api.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}")).GetProperty("state").GetString() is "Queued" or "Running")
        {
            Assert.True(DateTime.UtcNow < deadline, $"job {id} did not finish");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Rater_SeesTheQueryAndDocumentText_AndTheAdminSeesTheRollbackInTheHistory()
    {
        var monday = Log(1);
        var tuesday = Log(2);
        var catalog = await _api.PostAsync($"/api/projects/{_project}/feedback/catalog?fileName=catalog.tsv",
            new StringContent(Catalog(monday), Encoding.UTF8, "text/tab-separated-values"));
        Assert.True(catalog.IsSuccessStatusCode, await catalog.Content.ReadAsStringAsync());
        await IngestAsync(monday, "clicks-monday.jsonl");
        var second = await IngestAsync(tuesday, "clicks-tuesday.jsonl");
        await WaitAsync(await _api.PostAsync($"/api/projects/{_project}/feedback/ingests/{second}/rollback", null));

        var version = await _api.PostAsJsonAsync($"/api/projects/{_project}/datasets", new { name = "With click labels", formats = new[] { "jsonl" } });
        Assert.True(version.IsSuccessStatusCode, await version.Content.ReadAsStringAsync());
        var versionJob = (await version.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt64();
        await WaitAsync(versionJob);

        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 }, AcceptDownloads = true });
        try
        {
            var admin = await context.NewPageAsync();
            await admin.SignInAsync(_app.BaseUrl, "admin@e2e.test", Password);
            await admin.GotoAsync($"{_app.BaseUrl}/projects/{_project}/feedback");
            await admin.WaitForInteractiveAsync();
            var row = admin.Locator($"[data-testid='feedback-history-{second}']");
            await row.WaitForAsync();
            Assert.Equal("rolledback", await row.GetAttributeAsync("data-state"));
            StringAssert(await row.InnerTextAsync(), "Rolled back");
            StringAssert(await admin.TestId("feedback-catalog-status").InnerTextAsync(), "queries");
            Assert.Equal(1, await admin.TestId("feedback-current").CountAsync());
            await admin.ScreenshotToAsync("feedback-loop-history");

            // The version's Downloads tab offers the click labels as of the generation it recorded.
            await admin.GotoAsync($"{_app.BaseUrl}/projects/{_project}/datasets");
            await admin.WaitForInteractiveAsync();
            var clickFile = admin.TestId("file-click-labels");
            await clickFile.WaitForAsync();
            StringAssert(await clickFile.InnerTextAsync(), "Click labels (TSV)");
            StringAssert(await clickFile.InnerTextAsync(), "records");
            await admin.TestId("dataset-detail").ScreenshotToAsync("feedback-dataset-click-labels");
            var download = await admin.RunAndWaitForDownloadAsync(() => admin.TestId("download-click-labels").ClickAsync());
            Assert.EndsWith("-dataset-v1-click-labels.tsv", download.SuggestedFilename);
            Assert.StartsWith("query_id\tdoc_id\tscore\tp_rel\tlabel", File.ReadLines(await download.PathAsync()).First(), StringComparison.Ordinal);
        }
        finally
        {
            await context.DisposeAsync();
        }

        var raterContext = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1300, Height = 900 } });
        try
        {
            var page = await raterContext.NewPageAsync();
            await page.SignInAsync(_app.BaseUrl, "rater@e2e.test", Password);
            await page.GotoAsync($"{_app.BaseUrl}/projects/{_project}/label");
            await page.WaitForInteractiveAsync();
            await page.GetByText("cheap flights to lisbon", new() { Exact = false }).First.WaitForAsync(new() { Timeout = 30_000 });
            var text = await page.Locator("body").InnerTextAsync();
            StringAssert(text, "Lisbon flight deals (");
            StringAssert(text, "Compare fares from every airline");
            StringAssert(text, "https://travel.example.test/");
            await page.ScreenshotToAsync("feedback-rater-task");
        }
        finally
        {
            await raterContext.DisposeAsync();
        }
    }

    private static void StringAssert(string text, string expected) => Assert.Contains(expected, text, StringComparison.Ordinal);
}
