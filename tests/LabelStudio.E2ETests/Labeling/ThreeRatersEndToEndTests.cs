using System.Text;
using LabelStudio.Data.Admin;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Identity;
using LabelStudio.E2ETests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LabelStudio.E2ETests.Labeling;

/// <summary>
/// The whole first slice in a real browser: an admin creates a project from XML, imports a JSONL file and adds three
/// raters; three raters in three browser contexts label until every task has three annotations, blind to each other.
/// </summary>
public sealed class ThreeRatersEndToEndTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string Password = "E2e-password-1";
    private const int TaskCount = 6;
    private static readonly string[] Raters = ["rater1@e2e.test", "rater2@e2e.test", "rater3@e2e.test"];
    private static readonly string[] Choices = ["Positive", "Negative", "Neutral"];

    private const string ConfigXml = """
        <View>
          <Header value="How does the author feel?"/>
          <Text name="text" value="$text"/>
          <Choices name="sentiment" toName="text" choice="single" required="true">
            <Choice value="Positive"/>
            <Choice value="Negative"/>
            <Choice value="Neutral"/>
          </Choices>
        </View>
        """;

    private readonly KestrelAppFactory _app = new();
    private string _baseUrl = "";

    public async Task InitializeAsync()
    {
        _baseUrl = _app.BaseUrl;
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserService>();
        await users.CreateAsync(new NewUser("admin@e2e.test", "Erin Admin", Roles.Admin, Password), Actor.System);
        var names = new[] { "Rita One", "Raj Two", "Rosa Three" };
        for (var i = 0; i < Raters.Length; i++)
        {
            await users.CreateAsync(new NewUser(Raters[i], names[i], Roles.Rater, Password), Actor.System);
        }
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AdminSetsUpProject_ThreeRatersLabelEverything_NoRaterSeesAnother()
    {
        var projectId = await AdminCreatesProjectImportsAndAddsRatersAsync();

        var contexts = new List<IBrowserContext>();
        try
        {
            var pages = new List<IPage>();
            foreach (var rater in Raters)
            {
                var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1300, Height = 900 } });
                contexts.Add(context);
                var page = await context.NewPageAsync();
                await page.SignInAsync(_baseUrl, rater, Password);
                pages.Add(page);
            }

            // The three raters work at the same time, each at their own pace.
            var labeled = await Task.WhenAll(pages.Select((page, i) => LabelUntilDoneAsync(page, projectId, i)));
            Assert.All(labeled, count => Assert.Equal(TaskCount, count));
            await pages[0].ScreenshotToAsync("e2e-rater-all-done");
        }
        finally
        {
            foreach (var context in contexts) await context.DisposeAsync();
        }

        var factory = _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var perTask = await db.Annotations.Where(a => a.ProjectId == projectId && !a.WasSkipped)
            .GroupBy(a => a.TaskId)
            .Select(g => new { Count = g.Count(), Raters = g.Select(a => a.UserId).Distinct().Count() })
            .ToListAsync();
        Assert.Equal(TaskCount, perTask.Count);
        Assert.All(perTask, t => Assert.Equal(3, t.Count));
        Assert.All(perTask, t => Assert.Equal(3, t.Raters));
        Assert.True(await db.Tasks.Where(t => t.ProjectId == projectId).AllAsync(t => t.IsComplete));
        // Each rater chose their own answer on every task, as the results show.
        for (var i = 0; i < Raters.Length; i++)
        {
            var email = Raters[i];
            var results = await db.Annotations.Where(a => a.ProjectId == projectId && db.Users.Any(u => u.Id == a.UserId && u.Email == email))
                .Select(a => a.ResultJson).ToListAsync();
            Assert.Equal(TaskCount, results.Count);
            Assert.All(results, r => Assert.Contains($"\"{Choices[i]}\"", r));
        }
    }

    private async Task<long> AdminCreatesProjectImportsAndAddsRatersAsync()
    {
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        try
        {
            var page = await context.NewPageAsync();
            await page.SignInAsync(_baseUrl, "admin@e2e.test", Password);

            await page.GotoAsync($"{_baseUrl}/projects/new");
            await page.WaitForInteractiveAsync();
            await page.Locator("input[data-testid=project-name]").FillAsync("Support ticket sentiment");
            await page.Locator("textarea[data-testid=label-config]").FillAsync(ConfigXml);
            await page.Locator("[data-testid=config-preview] [data-testid=choice-Neutral]").WaitForAsync();
            await page.ScreenshotToAsync("e2e-new-project");
            await page.TestId("save-project").ClickAsync();
            await page.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(url, @"/projects/\d+"));
            var projectId = long.Parse(System.Text.RegularExpressions.Regex.Match(page.Url, @"/projects/(\d+)").Groups[1].Value);

            var file = Path.Combine(Path.GetTempPath(), $"e2e-{Guid.NewGuid():N}.jsonl");
            var jsonl = new StringBuilder();
            for (var i = 1; i <= TaskCount; i++) jsonl.Append($"{{\"text\":\"Ticket {i}: the reply came after two days.\"}}\n");
            await File.WriteAllTextAsync(file, jsonl.ToString());
            try
            {
                await page.GotoAsync($"{_baseUrl}/projects/{projectId}?tab=import");
                await page.WaitForInteractiveAsync();
                await page.Locator("input[data-testid=import-file-input]").SetInputFilesAsync(file);
                var result = page.Locator("[data-testid=import-result]");
                await result.WaitForAsync(new() { Timeout = 30_000 });
                Assert.Equal("true", await result.GetAttributeAsync("data-succeeded"));
                Assert.Contains(TaskCount.ToString(), await result.InnerTextAsync());
                await page.ScreenshotToAsync("e2e-import-done");
            }
            finally
            {
                File.Delete(file);
            }

            await page.GotoAsync($"{_baseUrl}/projects/{projectId}?tab=members");
            await page.WaitForInteractiveAsync();
            foreach (var rater in Raters)
            {
                await page.Locator(".ls-member-user").ClickAsync();
                await page.Locator($".mud-popover-open .mud-list-item:has-text('{rater}')").ClickAsync();
                await page.TestId("add-member").ClickAsync();
                await page.Locator($"[data-testid=member-row]:has-text('{rater}')").WaitForAsync();
            }
            Assert.Equal(3, await page.TestId("member-row").CountAsync());
            await page.ScreenshotToAsync("e2e-members");
            return projectId;
        }
        finally
        {
            await context.DisposeAsync();
        }
    }

    /// <summary>Labels until the all-done state; returns how many tasks this rater submitted.</summary>
    private async Task<int> LabelUntilDoneAsync(IPage page, long projectId, int raterIndex)
    {
        await page.GotoAsync($"{_baseUrl}/projects/{projectId}/label");
        await page.WaitForInteractiveAsync();
        var submitted = 0;
        string? previousTask = null;
        while (true)
        {
            // Either the all-done state, or a task other than the one just submitted, in one look at the page.
            var next = await page.WaitForFunctionAsync("""
                previous => {
                  if (document.querySelector('[data-testid=all-done]')) return 'done';
                  // The task id must be new, and the hotkeys attached, or a Ctrl+Enter pressed now would go nowhere.
                  const screen = document.querySelector('[data-testid=label-screen][data-hotkeys-ready=true]');
                  const id = screen?.getAttribute('data-task-id');
                  return id && id !== previous ? id : null;
                }
                """, previousTask, new() { Timeout = 30_000 });
            var taskId = await next.JsonValueAsync<string>();
            if (taskId == "done") return submitted;

            // Blind labeling: a task arrives with nothing selected, whatever the other raters answered.
            foreach (var choice in Choices)
            {
                Assert.NotEqual("true", await page.TestId($"choice-{choice}").GetAttributeAsync("aria-checked"));
            }
            foreach (var other in Raters.Where((_, i) => i != raterIndex))
            {
                Assert.DoesNotContain(other, await page.ContentAsync());
            }

            await page.TestId($"choice-{Choices[raterIndex]}").ClickAsync();
            await page.Keyboard.PressAsync("Control+Enter");
            submitted++;
            previousTask = taskId;
        }
    }
}
