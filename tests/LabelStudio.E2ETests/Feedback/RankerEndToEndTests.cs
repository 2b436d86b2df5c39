using LabelStudio.E2ETests.Infrastructure;
using LabelStudio.Feedback.Synthetic;
using Microsoft.Playwright;

namespace LabelStudio.E2ETests.Feedback;

/// <summary>
/// The Feedback page's evaluation sections in a browser: precision per query segment, every ranker with its intervals,
/// a comparison picked by the user and the interleaving outcome.
/// </summary>
public sealed class RankerEndToEndTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private FeedbackProjectApp _fx = null!;

    public async Task InitializeAsync() => _fx = await FeedbackProjectApp.StartAsync("Ranker bake-off");

    public async Task DisposeAsync() => await _fx.DisposeAsync();

    /// <summary>One section as it looks, beside the full-page screenshot (only when screenshots are asked for).</summary>
    private static async Task SectionShotAsync(IPage page, string testId)
    {
        var directory = Environment.GetEnvironmentVariable("LABELSTUDIO_SCREENSHOTS");
        if (string.IsNullOrEmpty(directory)) return;
        // Scrolled into view under the fixed app bar, the section's title would hide behind it.
        await page.TestId(testId).EvaluateAsync("e => { e.scrollIntoView(); window.scrollBy(0, -80); }");
        await page.TestId(testId).ScreenshotAsync(new() { Path = Path.Combine(directory, testId + "-section.png") });
    }

    [Fact]
    public async Task FeedbackPage_Rankers_ShowsIntervalsComparisonAndInterleaving()
    {
        var log = SyntheticClickLog.Create(new SyntheticClickLogOptions
        {
            Impressions = 8000, Queries = 50, DocsPerQuery = 20, ResultsPerPage = 10, Users = 400, RankerNoise = [0.6, 3.0],
            InterleavingShare = 0.3, Seed = 4,
        });
        await _fx.UploadSeedAsync(log.SampleSeed(250));
        await _fx.IngestAsync(FeedbackProjectApp.Bytes(log), "bake-off.jsonl");

        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        try
        {
            var page = await _fx.OpenFeedbackPageAsAdminAsync(context);
            await page.TestId("rankers-table").WaitForAsync();
            Assert.Equal(1, await page.TestId("ranker-row-ranker-v1").CountAsync());
            Assert.Equal(1, await page.TestId("ranker-row-ranker-v2").CountAsync());
            Assert.Equal(3, await page.Locator("[data-testid='segments-table'] tbody tr").CountAsync());
            Assert.Contains("ranker-v1 wins", await page.TestId("interleaving-ranker-v1-ranker-v2").InnerTextAsync(), StringComparison.Ordinal);

            // Pick the noisy ranker as the baseline and the better one as the candidate.
            await page.Locator("[data-testid='rankers-a']").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "ranker-v2" }).ClickAsync();
            await page.Locator("[data-testid='rankers-b']").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "ranker-v1" }).ClickAsync();
            var ndcg = page.TestId("comparison-ndcg_at_10");
            await Assertions.Expect(ndcg).ToHaveAttributeAsync("data-verdict", "b_better");
            Assert.Contains("ranker-v1 better than ranker-v2 by", await ndcg.InnerTextAsync(), StringComparison.Ordinal);
            await page.ScreenshotToAsync("feedback-rankers");
            await SectionShotAsync(page, "feedback-segments");
            await SectionShotAsync(page, "feedback-rankers");
        }
        finally
        {
            await context.DisposeAsync();
        }
    }
}
