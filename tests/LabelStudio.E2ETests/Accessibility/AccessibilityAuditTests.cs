using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Projects;
using LabelStudio.E2ETests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LabelStudio.E2ETests.Accessibility;

/// <summary>
/// An axe-core audit (WCAG 2.1 A and AA) of the main pages with real data: sign-in, projects, project, quality,
/// review, task browser, users and labeling. No page may have a serious or critical violation.
/// </summary>
public sealed class AccessibilityAuditTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private static readonly AxeRunOptions Wcag21AA = new() { RunOnly = RunOnlyOptions.Tags("wcag2a", "wcag2aa", "wcag21a", "wcag21aa") };

    private readonly KestrelAppFactory _app = new();
    private string _baseUrl = "";
    private long _projectId;
    private long _taskId;

    public async Task InitializeAsync()
    {
        _baseUrl = _app.BaseUrl;
        var seed = new Seed(_app.Services);
        var admin = await seed.UserAsync("admin@e2e.test", "Avery Admin", Roles.Admin);
        var raters = new List<string>();
        foreach (var name in new[] { "Ada", "Ben", "Cara" }) raters.Add(await seed.UserAsync($"{name.ToLowerInvariant()}@e2e.test", name, Roles.Rater));
        _projectId = await seed.ProjectAsync("Audited reviews", 3, [(admin, ProjectRole.Lead), .. raters.Select(r => (r, ProjectRole.Rater))],
            "Works as described.", "Arrived late, works fine.", "Not what I ordered.");
        string[][] answers = [["Positive", "Positive", "Positive"], ["Positive", "Negative", "Neutral"]];
        foreach (var row in answers)
        {
            for (var r = 0; r < 3; r++) _taskId = await seed.AnswerAsync(_projectId, raters[r], row[r]);
        }
        using var scope = _app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<Data.Quality.QualityRecomputer>().RecomputeAsync(_projectId);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task MainPages_HaveNoSeriousOrCriticalWcag21Violation()
    {
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        try
        {
            var page = await context.NewPageAsync();
            var problems = new List<string>();
            await page.GotoAsync($"{_baseUrl}/Account/Login");
            problems.AddRange(await AuditAsync(page, "sign-in"));

            await page.SignInAsync(_baseUrl, "admin@e2e.test", Seed.Password);
            (string Name, string Path, string Ready)[] pages =
            [
                ("projects", "/", "[data-testid=project-name-link]"),
                ("project", $"/projects/{_projectId}", "[data-testid=project-title]"),
                ("quality", $"/projects/{_projectId}/quality", "[data-testid=quality-trend]"),
                ("review", $"/projects/{_projectId}/review", "[data-testid=review-panel]"),
                ("task browser", $"/projects/{_projectId}/tasks", "[data-testid=task-row]"),
                ("task", $"/projects/{_projectId}/tasks/{_taskId}", "[data-testid=review-panel]"),
                ("users", "/admin/users", "[data-testid=nav-users]"),
                ("labeling", $"/projects/{_projectId}/label", "[data-testid=label-screen]"),
            ];
            foreach (var (name, path, ready) in pages)
            {
                await page.GotoAsync(_baseUrl + path);
                await page.WaitForInteractiveAsync();
                await page.Locator(ready).First.WaitForAsync(new() { Timeout = 30_000 });
                problems.AddRange(await AuditAsync(page, name));
            }

            Assert.True(problems.Count == 0, "Accessibility violations:\n" + string.Join("\n", problems));
        }
        finally
        {
            await context.DisposeAsync();
        }
    }

    private static async Task<IEnumerable<string>> AuditAsync(IPage page, string name)
    {
        var result = await page.RunAxe(Wcag21AA);
        return result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{name}: {v.Id} ({v.Impact}) {v.Help} — {string.Join(" | ", v.Nodes.Take(4).Select(n => n.Target + " " + n.Html[..Math.Min(120, n.Html.Length)]))}");
    }
}
