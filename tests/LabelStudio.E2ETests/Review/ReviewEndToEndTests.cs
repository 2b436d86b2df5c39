using LabelStudio.Data.Identity;
using LabelStudio.Data.Projects;
using LabelStudio.E2ETests.Infrastructure;
using Microsoft.Playwright;

namespace LabelStudio.E2ETests.Review;

/// <summary>
/// The review loop in a real browser: with the lead's review page open, three raters disagree on a task; the conflict
/// appears in the queue without a reload; the lead accepts one answer with a comment by pressing its key; the task
/// leaves the queue and its final label follows; a rater whose answer was not taken sees it in My feedback, with a
/// badge in the menu.
/// </summary>
public sealed class ReviewEndToEndTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
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
        var lead = await _seed.UserAsync("lead@e2e.test", "Lena Lead", Roles.Lead);
        foreach (var (email, name) in new[] { ("ada@e2e.test", "Ada"), ("ben@e2e.test", "Ben"), ("cara@e2e.test", "Cara") })
        {
            _raters.Add(await _seed.UserAsync(email, name, Roles.Rater));
        }
        _projectId = await _seed.ProjectAsync("Live review", 3,
            [(lead, ProjectRole.Lead), .. _raters.Select(r => (r, ProjectRole.Rater))], "Arrived late, works fine.");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task RatersDisagree_ConflictAppearsLive_LeadResolvesWithAComment_RaterSeesTheFeedback()
    {
        var leadContext = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 1000 } });
        var raterContext = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1300, Height = 900 } });
        try
        {
            var lead = await leadContext.NewPageAsync();
            await lead.SignInAsync(_baseUrl, "lead@e2e.test", Seed.Password);
            await lead.GotoAsync($"{_baseUrl}/projects/{_projectId}/review");
            await lead.WaitForInteractiveAsync();
            await lead.TestId("queue-empty").WaitForAsync();
            Assert.Equal("0", await lead.TestId("conflict-count").InnerTextAsync());
            await lead.ScreenshotToAsync("e2e-review-empty");

            // Ada says Positive, Ben Negative, Cara Neutral: a three-way tie, while the lead's page stays open.
            var task = await _seed.AnswerAsync(_projectId, _raters[0], "Positive");
            await _seed.AnswerAsync(_projectId, _raters[1], "Negative");
            await _seed.AnswerAsync(_projectId, _raters[2], "Neutral");

            await Assertions.Expect(lead.TestId("conflict-count")).ToHaveTextAsync("1", new() { Timeout = 30_000 });
            await lead.TestId("queue-item").First.WaitForAsync();
            Assert.Equal(1, await lead.TestId("queue-item").CountAsync());
            await lead.TestId("review-panel").WaitForAsync();
            Assert.Equal(["Ada", "Ben", "Cara"], await lead.TestId("sbs-rater-name").AllInnerTextsAsync());
            Assert.Contains("No majority", await lead.TestId("candidate-majority").InnerTextAsync());
            await lead.ScreenshotToAsync("e2e-review-conflict");

            await lead.TestId("review-comment").FillAsync("Late delivery is not about the product: Negative is too strong, Neutral.");
            await lead.Keyboard.PressAsync("Escape");
            await lead.Keyboard.PressAsync("3");

            await Assertions.Expect(lead.TestId("conflict-count")).ToHaveTextAsync("0", new() { Timeout = 30_000 });
            await lead.TestId("queue-empty").WaitForAsync();

            await lead.GotoAsync($"{_baseUrl}/projects/{_projectId}/tasks/{task}");
            await lead.WaitForInteractiveAsync();
            Assert.Equal("Resolved", await lead.TestId("review-state").InnerTextAsync());
            Assert.Contains("Neutral", await lead.TestId("candidate-final").InnerTextAsync());
            Assert.Contains("Lead's resolution", await lead.TestId("final-origin").InnerTextAsync());

            var rater = await raterContext.NewPageAsync();
            await rater.SignInAsync(_baseUrl, "ada@e2e.test", Seed.Password);
            await Assertions.Expect(rater.TestId("feedback-badge")).ToHaveTextAsync("1", new() { Timeout = 30_000 });
            await rater.TestId("nav-feedback").ClickAsync();
            var item = rater.TestId("feedback-item");
            await item.WaitForAsync();
            Assert.Contains("Positive", await item.Locator("[data-testid=feedback-yours]").InnerTextAsync());
            Assert.Contains("Neutral", await item.Locator("[data-testid=feedback-final]").InnerTextAsync());
            Assert.Contains("Late delivery is not about the product", await item.Locator("[data-testid=feedback-comment]").InnerTextAsync());
            await rater.ScreenshotToAsync("e2e-my-feedback");
            Assert.Equal(0, await rater.TestId("feedback-badge").CountAsync());
        }
        finally
        {
            await leadContext.DisposeAsync();
            await raterContext.DisposeAsync();
        }
    }
}
