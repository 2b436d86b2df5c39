using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LabelStudio.Data.Admin;
using LabelStudio.Data.Common;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Projects;
using LabelStudio.E2ETests.Infrastructure;
using LabelStudio.Feedback.Calibration;
using LabelStudio.Feedback.Synthetic;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.E2ETests.Feedback;

/// <summary>
/// The graded-label and click-drift sections in a browser: a graded seed and two logs, the second with users who look
/// much less below the top results; the page shows the grade distribution and calibration, the drift warning with its
/// chart, and the drift history.
/// </summary>
public sealed class FeedbackGradedEndToEndTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string Password = "E2e-password-1";

    private const string RelevanceConfig = """
        <View>
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
        var projects = scope.ServiceProvider.GetRequiredService<ProjectService>();
        _project = (await projects.CreateAsync(new ProjectDraft("Web search relevance", "", "", RelevanceConfig,
            new ProjectSettings(Overlap: 1)), Actor.System)).Id;
        _api = await Seed.ApiClientAsync(_app.BaseUrl, "admin@e2e.test", Password);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
    }

    private static SyntheticClickLog Log(int seed, IReadOnlyList<double>? theta = null) => SyntheticClickLog.Create(new SyntheticClickLogOptions
    {
        Impressions = 12000, Queries = 60, DocsPerQuery = 20, ResultsPerPage = 10, Users = 500, Seed = seed, Theta = theta,
    });

    private async Task IngestAsync(SyntheticClickLog log, string name)
    {
        using var stream = new MemoryStream();
        log.WriteJsonl(stream);
        var content = new ByteArrayContent(stream.ToArray()) { Headers = { ContentType = new("application/x-ndjson") } };
        var response = await _api.PostAsync($"/api/projects/{_project}/feedback/ingest?fileName={name}", content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Page_ShowsGradedCalibrationAndTheDriftWarningWithItsChart()
    {
        var monday = Log(1);
        using (var seed = new MemoryStream())
        {
            SeedReader.Write(seed, monday.SampleSeed(400));
            var uploaded = await _api.PostAsync($"/api/projects/{_project}/feedback/seed?fileName=seed.tsv", new ByteArrayContent(seed.ToArray()));
            Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync());
        }
        await IngestAsync(monday, "clicks-monday.jsonl");
        await IngestAsync(Log(2, Enumerable.Range(1, 10).Select(k => Math.Pow(k, -1.6)).ToArray()), "clicks-tuesday.jsonl");

        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        try
        {
            var page = await context.NewPageAsync();
            await page.SignInAsync(_app.BaseUrl, "admin@e2e.test", Password);
            await page.GotoAsync($"{_app.BaseUrl}/projects/{_project}/feedback");
            await page.WaitForInteractiveAsync();

            var graded = page.TestId("feedback-graded-view");
            await graded.WaitForAsync();
            Assert.Equal("ordinal", await graded.GetAttributeAsync("data-mode"));
            Assert.Equal(5, await page.TestId("feedback-graded-bar").CountAsync());
            Assert.Contains("ECE", await page.TestId("feedback-graded-calibration").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(1, await page.TestId("feedback-graded-reliability").CountAsync());

            var drift = page.TestId("feedback-drift").First;
            Assert.Equal("true", await drift.GetAttributeAsync("data-warning"));
            Assert.Contains("moved beyond sampling noise", await page.TestId("feedback-drift-summary").First.InnerTextAsync(), StringComparison.Ordinal);
            Assert.True(await page.Locator("[data-testid='feedback-drift-bar'][data-moved='true']").CountAsync() > 0);
            var rows = page.Locator("[data-testid='feedback-drift-history-table'] tbody tr[data-warning]");
            Assert.Equal(2, await rows.CountAsync());
            Assert.Equal("true", await rows.First.GetAttributeAsync("data-warning"));
            Assert.Equal(1, await page.TestId("feedback-half-life").CountAsync());
            // The label table shows each label's grade and expected grade.
            await page.TestId("feedback-labels").ScreenshotToAsync("feedback-labels-graded");
            await page.TestId("feedback-label-expected-grade").First.WaitForAsync();
            var expected = await page.TestId("feedback-label-expected-grade").AllInnerTextsAsync();
            Assert.Contains(expected, e => System.Text.RegularExpressions.Regex.IsMatch(e, @"^[0-4]\.\d\d$"));
            await page.ScreenshotToAsync("feedback-graded-drift");
            await page.TestId("feedback-graded").ScreenshotToAsync("feedback-graded-section");
            await drift.ScreenshotToAsync("feedback-drift-latest");
            await page.TestId("feedback-settings").ScreenshotToAsync("feedback-settings-half-life");
            await page.TestId("feedback-drift-history").ScreenshotToAsync("feedback-drift-history");
        }
        finally
        {
            await context.DisposeAsync();
        }
    }
}
