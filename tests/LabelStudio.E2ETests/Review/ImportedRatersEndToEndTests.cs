using LabelStudio.Data.Common;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Import;
using LabelStudio.Data.Projects;
using LabelStudio.E2ETests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LabelStudio.E2ETests.Review;

/// <summary>
/// A project moved in from Label Studio: its export's authors (completed_by) become imported raters, the import alone
/// brings agreement and conflicts, and the lead sees the imported raters marked as such on the review and quality pages.
/// </summary>
public sealed class ImportedRatersEndToEndTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string Export = """
        [
          {"data":{"text":"The battery died after two days."},"annotations":[
            {"completed_by":{"id":12,"email":"bo@ls.example"},"result":[{"from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Negative"]}}]},
            {"completed_by":11,"result":[{"from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Positive"]}}]},
            {"completed_by":13,"result":[{"from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Neutral"]}}]}]},
          {"data":{"text":"Great screen, fast shipping."},"annotations":[
            {"completed_by":{"id":12,"email":"bo@ls.example"},"result":[{"from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Positive"]}}]},
            {"completed_by":11,"result":[{"from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Positive"]}}]},
            {"completed_by":13,"result":[{"from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Positive"]}}]}]}
        ]
        """;

    private readonly KestrelAppFactory _app = new();
    private string _baseUrl = "";
    private long _projectId;

    public async Task InitializeAsync()
    {
        _baseUrl = _app.BaseUrl;
        var seed = new Seed(_app.Services);
        var lead = await seed.UserAsync("lead@e2e.test", "Lena Lead", Roles.Lead);
        using var scope = _app.Services.CreateScope();
        var projects = scope.ServiceProvider.GetRequiredService<ProjectService>();
        _projectId = (await projects.CreateAsync(new ProjectDraft("Moved from Label Studio", "Customer reviews", "",
            Core.LabelingConfig.LabelingConfigSamples.TextClassification, new ProjectSettings(Overlap: 3)), Actor.System)).Id;
        await projects.SetMemberAsync(_projectId, lead, ProjectRole.Lead, Actor.System);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Export));
        var outcome = await scope.ServiceProvider.GetRequiredService<ImportService>().ImportAsync(_projectId, stream, "project-7-export.json", Actor.System);
        Assert.True(outcome.Succeeded);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task LabelStudioExport_ImportedAuthorsConflict_ReviewAndQualityPagesMarkThemImported()
    {
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 1000 } });
        try
        {
            var lead = await context.NewPageAsync();
            await lead.SignInAsync(_baseUrl, "lead@e2e.test", Seed.Password);
            await lead.GotoAsync($"{_baseUrl}/projects/{_projectId}/review");
            await lead.WaitForInteractiveAsync();

            // The import's own recompute scored the tasks: no rater and no manual step was involved.
            await Assertions.Expect(lead.TestId("conflict-count")).ToHaveTextAsync("1", new() { Timeout = 30_000 });
            await lead.TestId("review-panel").WaitForAsync();
            Assert.Equal(["bo@ls.example", "Imported #11", "Imported #13"], await lead.TestId("sbs-rater-name").AllInnerTextsAsync());
            Assert.Equal(3, await lead.TestId("sbs-imported").CountAsync());
            await lead.ScreenshotToAsync("e2e-review-imported-raters");
            // The rater filter offers them too.
            await lead.TestId("filter-rater").ClickAsync();
            var imported = lead.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "(imported)" });
            await Assertions.Expect(imported).ToHaveCountAsync(3);
            await lead.ScreenshotToAsync("e2e-review-imported-filter");
            await lead.Keyboard.PressAsync("Escape");

            await lead.GotoAsync($"{_baseUrl}/projects/{_projectId}/quality");
            await lead.WaitForInteractiveAsync();
            await lead.TestId("rater-table").WaitForAsync(new() { Timeout = 30_000 });
            Assert.Equal(3, await lead.TestId("imported-rater-chip").CountAsync());
            await lead.ScreenshotToAsync("e2e-quality-imported-raters");
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
