using System.Text;
using LabelStudio.Data.Common;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Import;
using LabelStudio.Data.Projects;
using LabelStudio.E2ETests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LabelStudio.E2ETests.Validation;

/// <summary>
/// Data validation in a real browser: three files imported into one project; the second one drifts (longer texts, a
/// new field, a vanished one, more "web"), so its import result lists warnings, the Data page shows its statistics
/// with charts, and drift against the first file is flagged, while a 20-task file with the same shift stays within
/// noise. The Quality page flags a rater who labels everything "Positive".
/// </summary>
public sealed class DataValidationEndToEndTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private readonly KestrelAppFactory _app = new();
    private long _projectId;
    private long _first;
    private long _second;
    private long _small;

    private static string Batch(string prefix, int n, double webShare, int textLength, bool lang, string extra = "") =>
        string.Concat(Enumerable.Range(0, n).Select(i =>
            $"{{\"text\":\"{prefix} {i:D4} {new string('a', textLength + i % 10)}\",\"source\":\"{(i < n * webShare ? "web" : "mail")}\"" +
            (lang ? ",\"lang\":\"en\"" : "") + extra + "}\n"));

    public async Task InitializeAsync()
    {
        var seed = new Seed(_app.Services);
        await seed.UserAsync("admin@e2e.test", "Ada Admin", Roles.Admin);
        var raters = new List<string>();
        foreach (var name in new[] { "Ann", "Bob", "Eve" })
        {
            raters.Add(await seed.UserAsync($"{name.ToLowerInvariant()}@e2e.test", name, Roles.Rater));
        }
        _projectId = await seed.ProjectAsync("Review intake", 3, raters.Select(r => (r, ProjectRole.Rater)),
            [.. Enumerable.Range(0, 24).Select(i => $"Review number {i}")]);
        // Ann and Bob alternate; Eve says Positive to everything.
        for (var i = 0; i < 24; i++)
        {
            await seed.AnswerAsync(_projectId, raters[0], i % 2 == 0 ? "Positive" : "Negative");
            await seed.AnswerAsync(_projectId, raters[1], i % 2 == 1 ? "Positive" : "Negative");
            await seed.AnswerAsync(_projectId, raters[2], "Positive");
        }

        using var scope = _app.Services.CreateScope();
        var imports = scope.ServiceProvider.GetRequiredService<ImportService>();
        async Task<long> ImportAsync(string name, string content)
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
            var outcome = await imports.ImportAsync(_projectId, stream, name, Actor.System);
            Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
            return outcome.Batch!.Id;
        }
        _first = await ImportAsync("march.jsonl", Batch("march", 2000, 0.5, 20, lang: true));
        _second = await ImportAsync("april.jsonl", Batch("april", 2000, 0.7, 200, lang: false, ",\"country\":\"fr\""));
        _small = await ImportAsync("may-sample.jsonl", Batch("mayss", 20, 0.7, 20, lang: true));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Admin_SeesWarningsStatisticsDriftAndRaterSkew()
    {
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        await page.SignInAsync(_app.BaseUrl, "admin@e2e.test", Seed.Password);

        await page.GotoAsync($"{_app.BaseUrl}/projects/{_projectId}?tab=import");
        await page.WaitForInteractiveAsync();
        var warnings = page.TestId("import-warnings").First;
        await warnings.WaitForAsync();
        Assert.True(await page.Locator("[data-testid=validation-warning][data-kind=DistributionShift]").CountAsync() > 0);
        await page.ScreenshotToAsync("validation-import-warnings");

        await page.GotoAsync($"{_app.BaseUrl}/projects/{_projectId}/data?batch={_second}&baseline={_first}&current={_second}");
        await page.WaitForInteractiveAsync();
        await page.TestId("batch-statistics").WaitForAsync();
        Assert.Equal(3, await page.TestId("field-row").CountAsync()); // text, source, country
        Assert.True(await page.Locator("[data-testid=length-chart] svg").CountAsync() > 0);
        var source = page.Locator("[data-testid=drift-row][data-name=source]");
        Assert.Equal("Drift", await source.GetAttributeAsync("data-verdict"));
        Assert.Contains("mail", await source.InnerTextAsync());
        Assert.Equal("Drift", await page.Locator("[data-testid=drift-row][data-name=text]").GetAttributeAsync("data-verdict"));
        await page.ScreenshotToAsync("validation-data-drift");

        await page.GotoAsync($"{_app.BaseUrl}/projects/{_projectId}/data?batch={_small}&baseline={_first}&current={_small}");
        await page.WaitForInteractiveAsync();
        await page.TestId("drift-table").WaitForAsync();
        Assert.Equal("WithinNoise", await page.Locator("[data-testid=drift-row][data-name=source]").GetAttributeAsync("data-verdict"));
        Assert.Contains("No drift", await page.TestId("drift-summary").InnerTextAsync());
        await page.ScreenshotToAsync("validation-data-within-noise");

        await page.GotoAsync($"{_app.BaseUrl}/projects/{_projectId}/quality");
        await page.WaitForInteractiveAsync();
        var skew = page.TestId("rater-skew-row").First;
        await skew.WaitForAsync();
        Assert.Contains("Eve", await skew.InnerTextAsync());
        Assert.Equal("Drift", await skew.GetAttributeAsync("data-verdict"));
        await page.TestId("rater-skew").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotToAsync("validation-rater-skew");
    }
}
