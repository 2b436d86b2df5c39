using LabelStudio.E2ETests.Infrastructure;
using LabelStudio.Feedback.Synthetic;

namespace LabelStudio.E2ETests.Feedback;

/// <summary>
/// The graded-label and click-drift sections in a browser: a graded seed and two logs, the second with users who look
/// much less below the top results; the page shows the grade distribution and calibration, the drift warning with its
/// chart, and the drift history.
/// </summary>
public sealed class FeedbackGradedEndToEndTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private FeedbackProjectApp _fx = null!;

    public async Task InitializeAsync() => _fx = await FeedbackProjectApp.StartAsync("Web search relevance");

    public async Task DisposeAsync() => await _fx.DisposeAsync();

    private static SyntheticClickLog Log(int seed, IReadOnlyList<double>? theta = null) => SyntheticClickLog.Create(new SyntheticClickLogOptions
    {
        Impressions = 12000, Queries = 60, DocsPerQuery = 20, ResultsPerPage = 10, Users = 500, Seed = seed, Theta = theta,
    });

    [Fact]
    public async Task Page_ShowsGradedCalibrationAndTheDriftWarningWithItsChart()
    {
        var monday = Log(1);
        await _fx.UploadSeedAsync(monday.SampleSeed(400));
        await _fx.IngestAsync(FeedbackProjectApp.Bytes(monday), "clicks-monday.jsonl");
        await _fx.IngestAsync(FeedbackProjectApp.Bytes(Log(2, Enumerable.Range(1, 10).Select(k => Math.Pow(k, -1.6)).ToArray())), "clicks-tuesday.jsonl");

        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        try
        {
            var page = await _fx.OpenFeedbackPageAsAdminAsync(context);

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
