using System.Text.Json.Nodes;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Core.Results;
using LabelStudio.Data.Admin;
using LabelStudio.Data.Common;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Labeling;
using LabelStudio.Data.Projects;
using LabelStudio.E2ETests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LabelStudio.E2ETests.Quality;

/// <summary>
/// A lead's view of agreement in a real browser: three raters split 1-1-1 on one task and agree on another; the lead
/// sees exactly the split task as a conflict with each rater's answer and no majority, recomputes the measures, and sets
/// a gold answer, which resolves the conflict. A rater of the same project is refused the page.
/// </summary>
public sealed class LeadResolvesConflictEndToEndTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string Password = "E2e-password-1";
    private readonly KestrelAppFactory _app = new();
    private string _baseUrl = "";
    private long _projectId;

    public async Task InitializeAsync()
    {
        _baseUrl = _app.BaseUrl;
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserService>();
        var projects = scope.ServiceProvider.GetRequiredService<ProjectService>();
        var lead = await users.CreateAsync(new NewUser("lead@e2e.test", "Lena Lead", Roles.Lead, Password), Actor.System);
        var project = await projects.CreateAsync(new ProjectDraft("Review sentiment", "", "",
            LabelingConfigSamples.TextClassification, new ProjectSettings(Overlap: 3)), Actor.System);
        _projectId = project.Id;
        await projects.SetMemberAsync(project.Id, lead.User.Id, ProjectRole.Lead, Actor.System);
        using (var stream = new MemoryStream("{\"text\":\"Works as described.\"}\n{\"text\":\"Arrived late, works fine.\"}\n"u8.ToArray()))
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<Data.Import.ImportService>()
                .ImportAsync(project.Id, stream, "two.jsonl", Actor.System);
            Assert.True(outcome.Succeeded);
        }

        // Task 1: everyone says Positive. Task 2: Positive / Negative / Neutral.
        string[] split = ["Positive", "Negative", "Neutral"];
        var labeling = scope.ServiceProvider.GetRequiredService<LabelingService>();
        for (var r = 0; r < 3; r++)
        {
            var rater = await users.CreateAsync(new NewUser($"rater{r}@e2e.test", $"Rater {r}", Roles.Rater, Password), Actor.System);
            await projects.SetMemberAsync(project.Id, rater.User.Id, ProjectRole.Rater, Actor.System);
            var actor = new Actor(rater.User.Id, IsAdmin: false, IsLead: false);
            for (var t = 0; t < 2; t++)
            {
                var task = await labeling.NextAsync(project.Id, actor);
                var choice = task!.DataJson.Contains("late", StringComparison.Ordinal) ? split[r] : "Positive";
                var item = new ResultItem(ResultIds.New(), "sentiment", "text", "choices",
                    new JsonObject { ["choices"] = new JsonArray(choice) });
                await labeling.SubmitAsync(task.TaskId, new SubmitRequest([item], 2.5, null), actor);
            }
        }
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task LeadSeesTheSplitTaskAsAConflict_RecomputesAndSetsGold_RaterIsRefused()
    {
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        try
        {
            var page = await context.NewPageAsync();
            await page.SignInAsync(_baseUrl, "lead@e2e.test", Password);
            await page.GotoAsync($"{_baseUrl}/projects/{_projectId}/quality");
            await page.WaitForInteractiveAsync();

            var row = page.TestId("conflict-row");
            await row.First.WaitForAsync(new() { Timeout = 30_000 });
            Assert.Equal(1, await row.CountAsync());
            Assert.Contains("Arrived late", await row.InnerTextAsync());
            Assert.Contains("Tie", await row.Locator("[data-testid=conflict-reason]").AllInnerTextsAsync().ContinueWith(t => string.Join(" ", t.Result)));
            var answers = string.Join(" ", await row.Locator("[data-testid=conflict-answer]").AllInnerTextsAsync());
            foreach (var choice in new[] { "Positive", "Negative", "Neutral" }) Assert.Contains(choice, answers);

            await page.TestId("recompute").ClickAsync();
            // The cards show a dash until the measures exist; then Fleiss' kappa has a number and the raters are listed.
            await page.WaitForFunctionAsync(
                "() => /\\d/.test(document.querySelector('[data-testid=quality-fleiss]')?.innerText ?? '')",
                null, new() { Timeout = 30_000 });
            Assert.Equal(3, await page.TestId("rater-row").CountAsync());
            await page.ScreenshotToAsync("e2e-quality");

            // A 1-1-1 tie has no consensus to offer as gold; the lead picks an answer, which resolves the conflict.
            Assert.Equal("No majority", (await row.Locator("[data-testid=conflict-candidate]").InnerTextAsync()).Trim());
            Assert.Equal(0, await row.Locator("[data-testid=conflict-use-consensus]").CountAsync());
            await row.Locator("[data-testid=conflict-set-gold]").ClickAsync();
            await page.Locator("[data-testid=conflict-gold-option]", new() { HasTextString = "Neutral" }).First.ClickAsync();
            await page.TestId("conflicts-empty").WaitForAsync(new() { Timeout = 30_000 });

            var raterPage = await (await browser.Browser.NewContextAsync()).NewPageAsync();
            await raterPage.SignInAsync(_baseUrl, "rater0@e2e.test", Password);
            await raterPage.GotoAsync($"{_baseUrl}/projects/{_projectId}/quality");
            await raterPage.WaitForInteractiveAsync();
            await raterPage.WaitForSelectorAsync("[data-testid=access-denied], [data-testid=project-not-found]", new() { Timeout = 30_000 });
            Assert.Equal(0, await raterPage.TestId("conflict-row").CountAsync());
            await raterPage.Context.DisposeAsync();
        }
        finally
        {
            await context.DisposeAsync();
        }
    }
}
