using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LabelStudio.E2ETests.Infrastructure;
using LabelStudio.Feedback.Synthetic;
using Microsoft.Playwright;

namespace LabelStudio.E2ETests.Feedback;

/// <summary>
/// The click-feedback loop in a browser: two ingests over a catalog, one rolled back, the page's history says so; a
/// rater opens a click task and reads the query and the document's title and snippet, not ids.
/// </summary>
public sealed class FeedbackLoopEndToEndTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private FeedbackProjectApp _fx = null!;

    public async Task InitializeAsync() => _fx = await FeedbackProjectApp.StartAsync("Web search relevance", ("rater@e2e.test", "Riley Rater"));

    public async Task DisposeAsync() => await _fx.DisposeAsync();

    private static byte[] Log(int seed) => FeedbackProjectApp.Bytes(SyntheticClickLog.Create(new SyntheticClickLogOptions
    {
        Impressions = 6000, Queries = 40, DocsPerQuery = 20, ResultsPerPage = 10, Users = 400, Seed = seed,
    }));

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

    private async Task WaitAsync(HttpResponseMessage started) =>
        await WaitAsync((await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());

    private async Task WaitAsync(long id)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await _fx.Api.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}")).GetProperty("state").GetString() is "Queued" or "Running")
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
        var catalog = await _fx.Api.PostAsync($"/api/projects/{_fx.ProjectId}/feedback/catalog?fileName=catalog.tsv",
            new StringContent(Catalog(monday), Encoding.UTF8, "text/tab-separated-values"));
        Assert.True(catalog.IsSuccessStatusCode, await catalog.Content.ReadAsStringAsync());
        await _fx.IngestAsync(monday, "clicks-monday.jsonl");
        var second = await _fx.IngestAsync(tuesday, "clicks-tuesday.jsonl");
        await WaitAsync(await _fx.Api.PostAsync($"/api/projects/{_fx.ProjectId}/feedback/ingests/{second}/rollback", null));

        var version = await _fx.Api.PostAsJsonAsync($"/api/projects/{_fx.ProjectId}/datasets", new { name = "With click labels", formats = new[] { "jsonl" } });
        Assert.True(version.IsSuccessStatusCode, await version.Content.ReadAsStringAsync());
        var versionJob = (await version.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt64();
        await WaitAsync(versionJob);

        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 }, AcceptDownloads = true });
        try
        {
            var admin = await _fx.OpenFeedbackPageAsAdminAsync(context);
            var row = admin.Locator($"[data-testid='feedback-history-{second}']");
            await row.WaitForAsync();
            Assert.Equal("rolledback", await row.GetAttributeAsync("data-state"));
            StringAssert(await row.InnerTextAsync(), "Rolled back");
            StringAssert(await admin.TestId("feedback-catalog-status").InnerTextAsync(), "queries");
            Assert.Equal(1, await admin.TestId("feedback-current").CountAsync());
            await admin.ScreenshotToAsync("feedback-loop-history");

            // Tasks of pairs the evidence settled left the queue but are kept, listed as withdrawn when asked for.
            var withdrawn = await _fx.Api.GetFromJsonAsync<JsonElement>($"/api/projects/{_fx.ProjectId}/tasks?state=Withdrawn");
            Assert.True(withdrawn.GetProperty("total").GetInt32() > 0, withdrawn.ToString());
            await admin.GotoAsync($"{_fx.BaseUrl}/projects/{_fx.ProjectId}/tasks?state=Withdrawn");
            await admin.WaitForInteractiveAsync();
            await admin.TestId("task-state").First.WaitForAsync();
            Assert.All(await admin.TestId("task-state").AllInnerTextsAsync(), state => Assert.Equal("Withdrawn", state.Trim()));
            // Their final label is the pair's click auto-label, said as such.
            StringAssert(await admin.TestId("task-grid").InnerTextAsync(), "Click feedback");
            await admin.ScreenshotToAsync("tasks-withdrawn");

            // The version's Downloads tab offers the click labels as of the generation it recorded.
            await admin.GotoAsync($"{_fx.BaseUrl}/projects/{_fx.ProjectId}/datasets");
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
            await page.SignInAsync(_fx.BaseUrl, "rater@e2e.test", FeedbackProjectApp.Password);
            await page.GotoAsync($"{_fx.BaseUrl}/projects/{_fx.ProjectId}/label");
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
