using LabelStudio.Data.Identity;
using LabelStudio.Data.Projects;
using LabelStudio.E2ETests.Infrastructure;
using Microsoft.Playwright;

namespace LabelStudio.E2ETests.Datasets;

/// <summary>
/// Datasets in a real browser: an admin creates a version from the project's Datasets page, downloads it, raters label
/// more, the admin creates a second version and compares it with the first: tasks added, and a drift warning because
/// the label distribution moved beyond sampling noise. The version also shows in the catalog with its card.
/// </summary>
public sealed class DatasetsEndToEndTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private readonly KestrelAppFactory _app = new();
    private Seed _seed = null!;
    private string _baseUrl = "";
    private long _projectId;
    private readonly List<string> _raters = [];

    public async Task InitializeAsync()
    {
        _baseUrl = _app.BaseUrl;
        _seed = new Seed(_app.Services);
        await _seed.UserAsync("admin@e2e.test", "Ada Admin", Roles.Admin);
        foreach (var name in new[] { "Rita", "Sam", "Tom" }) _raters.Add(await _seed.UserAsync($"{name.ToLowerInvariant()}@e2e.test", name, Roles.Rater));
        _projectId = await _seed.ProjectAsync("Reviews for training", 3, [.. _raters.Select(r => (r, ProjectRole.Rater))],
            [.. Enumerable.Range(1, 20).Select(i => $"Review number {i}.")]);
        await AnswerAsync("Positive", 10);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AdminCreatesVersion_Downloads_LabelsMore_SecondVersionShowsDiffAndDrift()
    {
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 1000 }, AcceptDownloads = true });
        try
        {
            var page = await context.NewPageAsync();
            await page.SignInAsync(_baseUrl, "admin@e2e.test", Seed.Password);
            await page.GotoAsync($"{_baseUrl}/projects/{_projectId}/datasets");
            await page.WaitForInteractiveAsync();
            await page.TestId("datasets-empty").WaitForAsync();
            await page.ScreenshotToAsync("e2e-datasets-empty");

            await CreateVersionAsync(page, "Launch set", 1);
            Assert.Equal("10", await page.Locator("[data-testid='dataset-row'][data-number='1'] ~ td").Nth(3).InnerTextAsync());
            await page.ScreenshotToAsync("e2e-datasets-first");

            var download = await page.RunAndWaitForDownloadAsync(() => page.TestId("download-jsonl").ClickAsync());
            Assert.EndsWith("-dataset-v1.jsonl", download.SuggestedFilename);
            var path = await download.PathAsync();
            Assert.Equal(10, File.ReadAllLines(path).Length);

            await AnswerAsync("Neutral", 10);

            await CreateVersionAsync(page, "With the neutral reviews", 2);
            await page.GetByRole(AriaRole.Tab, new() { Name = "Compare" }).ClickAsync();
            await page.TestId("dataset-diff").WaitForAsync();
            Assert.Contains("+10", await page.TestId("diff-added").InnerTextAsync());
            Assert.Contains("10 unchanged", await page.TestId("diff-unchanged").InnerTextAsync());
            Assert.Contains("Neutral", await page.TestId("drift-warning").InnerTextAsync());
            await page.ScreenshotToAsync("e2e-datasets-diff");

            await page.GetByRole(AriaRole.Tab, new() { Name = "Statistics" }).ClickAsync();
            await page.TestId("dataset-stats").WaitForAsync();
            await page.ScreenshotToAsync("e2e-datasets-stats");

            await page.GetByRole(AriaRole.Tab, new() { Name = "Card" }).ClickAsync();
            await Assertions.Expect(page.TestId("dataset-card")).ToContainTextAsync("Known caveats");
            // The card's bullet lists show their markers (the Markdown styles, not the labeling page's instructions pane).
            Assert.Equal("disc", await page.TestId("dataset-card").Locator("ul").First
                .EvaluateAsync<string>("e => getComputedStyle(e).listStyleType"));
            await page.ScreenshotToAsync("e2e-datasets-card");

            await page.GetByRole(AriaRole.Tab, new() { Name = "Reproduce" }).ClickAsync();
            await page.TestId("reproduce").ClickAsync();
            await Assertions.Expect(page.TestId("reproduce-result")).ToContainTextAsync("Identical", new() { Timeout = 30_000 });
            await page.ScreenshotToAsync("e2e-datasets-reproduce");

            await page.GetByRole(AriaRole.Tab, new() { Name = "Serving skew" }).ClickAsync();
            var serving = string.Concat(Enumerable.Range(0, 50).Select(i => $"{{\"body\":\"served {i}\"}}\n"));
            await page.Locator("input[data-testid=serving-file]").SetInputFilesAsync(new FilePayload
            {
                Name = "serving.jsonl", MimeType = "application/x-ndjson", Buffer = System.Text.Encoding.UTF8.GetBytes(serving),
            });
            await Assertions.Expect(page.TestId("serving-result")).ToContainTextAsync("2 schema finding(s)", new() { Timeout = 30_000 });
            await Assertions.Expect(page.Locator("[data-testid=serving-schema-skew] [data-testid=validation-warning]")).ToHaveCountAsync(2);
            await page.ScreenshotToAsync("e2e-datasets-serving");

            await page.GotoAsync($"{_baseUrl}/projects/{_projectId}/quality");
            await page.WaitForInteractiveAsync();
            await page.Locator("[data-testid=runs-table], [data-testid=runs-empty]").First.WaitForAsync();
            await page.ScreenshotToAsync("e2e-quality-runs");

            await page.GotoAsync($"{_baseUrl}/datasets");
            await page.WaitForInteractiveAsync();
            await page.Locator("input[data-testid=catalog-search]").FillAsync("neutral");
            await Assertions.Expect(page.TestId("catalog-entry")).ToHaveCountAsync(2, new() { Timeout = 15_000 });
            await page.TestId("catalog-entry").First.ClickAsync();
            await Assertions.Expect(page.TestId("catalog-card").First).ToContainTextAsync("Label schema", new() { Timeout = 15_000 });
            await page.ScreenshotToAsync("e2e-datasets-catalog");
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    /// <summary>The three raters agree on the next <paramref name="tasks"/> tasks.</summary>
    private async Task AnswerAsync(string choice, int tasks)
    {
        for (var i = 0; i < tasks; i++)
        {
            foreach (var rater in _raters) await _seed.AnswerAsync(_projectId, rater, choice);
        }
    }

    private static async Task CreateVersionAsync(IPage page, string name, int number)
    {
        await page.TestId("create-dataset").ClickAsync();
        await page.TestId("create-dataset-dialog").WaitForAsync();
        await page.Locator("input[data-testid=dataset-name]").FillAsync(name);
        await page.ScreenshotToAsync($"e2e-datasets-dialog-{number}");
        await page.TestId("confirm-create-dataset").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-testid='dataset-row'][data-number='{number}'] ~ td [data-testid='dataset-state']"))
            .ToHaveTextAsync("Ready", new() { Timeout = 60_000 });
        await Assertions.Expect(page.TestId("dataset-detail")).ToHaveAttributeAsync("data-version", number.ToString(), new() { Timeout = 30_000 });
    }
}
