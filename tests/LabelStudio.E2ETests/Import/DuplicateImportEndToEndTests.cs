using LabelStudio.Data.Identity;
using LabelStudio.E2ETests.Infrastructure;
using Microsoft.Playwright;

namespace LabelStudio.E2ETests.Import;

/// <summary>
/// An administrator imports a file the project already holds: the result says nothing was imported, how many tasks
/// repeat tasks already in the project, and names the line and the existing task; ticking "Allow duplicate tasks"
/// imports it anyway, for that file only.
/// </summary>
public sealed class DuplicateImportEndToEndTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private static readonly string[] Texts = ["The parcel arrived crushed.", "Great support, fast answer.", "Average at best."];

    private readonly KestrelAppFactory _app = new();
    private long _projectId;

    public async Task InitializeAsync()
    {
        var seed = new Seed(_app.Services);
        await seed.UserAsync("admin@e2e.test", "Ada Admin", Roles.Admin);
        _projectId = await seed.ProjectAsync("Review intake", 3, [], Texts);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Admin_ReimportsFile_SeesDuplicatesThenAllowsThem()
    {
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var file = Path.Combine(Path.GetTempPath(), $"e2e-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(file, string.Concat(Texts.Select(t => System.Text.Json.JsonSerializer.Serialize(new { text = t }) + "\n")));
        try
        {
            var page = await context.NewPageAsync();
            await page.SignInAsync(_app.BaseUrl, "admin@e2e.test", Seed.Password);
            await page.GotoAsync($"{_app.BaseUrl}/projects/{_projectId}?tab=import");
            await page.WaitForInteractiveAsync();

            await page.Locator("input[data-testid=import-file-input]").SetInputFilesAsync(file);
            var failed = page.Locator("[data-testid=import-result][data-succeeded=false]");
            await failed.WaitForAsync(new() { Timeout = 30_000 });
            Assert.Contains("3 tasks repeat tasks", await page.TestId("import-existing-duplicates").InnerTextAsync());
            Assert.Equal(3, await page.TestId("import-error-row").CountAsync());
            Assert.Contains("already in the project, imported from reviews.jsonl", await page.TestId("import-error-row").First.InnerTextAsync());
            await page.ScreenshotToAsync("import-duplicates-rejected");

            await page.Locator("input[type=checkbox][data-testid=import-allow-duplicates], [data-testid=import-allow-duplicates] input[type=checkbox]")
                .CheckAsync(new() { Timeout = 10_000 });
            await page.Locator("input[data-testid=import-file-input]").SetInputFilesAsync(file);
            await page.Locator("[data-testid=import-result][data-succeeded=true]").WaitForAsync(new() { Timeout = 30_000 });
            // The option was for that file only.
            Assert.False(await page.Locator("input[type=checkbox][data-testid=import-allow-duplicates], [data-testid=import-allow-duplicates] input[type=checkbox]").IsCheckedAsync());
            await page.ScreenshotToAsync("import-duplicates-allowed");
        }
        finally
        {
            File.Delete(file);
            await context.DisposeAsync();
        }
    }
}
