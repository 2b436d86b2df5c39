using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LabelStudio.Data.Database;
using LabelStudio.E2ETests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LabelStudio.E2ETests.Security;

/// <summary>
/// The app's own pages in Chromium under the Content-Security-Policy the server sends: the sign-in, projects, project,
/// labeling, quality, users, profile, tokens, audit and API reference pages work and report no violation. On the
/// profile page a token is created, and the API accepts it.
/// </summary>
public sealed class SecurityPolicyEndToEndTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string Password = "LabelStudio-demo1";
    private readonly KestrelAppFactory _app = new(seedDemo: true);
    private string _baseUrl = "";
    private long _projectId;

    public async Task InitializeAsync()
    {
        _baseUrl = _app.BaseUrl;
        var factory = _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        _projectId = await db.Projects.Where(p => p.Name.Contains("sentiment")).Select(p => p.Id).FirstAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AppPages_ReportNoPolicyViolation_AndAProfileTokenCallsTheApi()
    {
        var violations = new List<string>();

        var lead = await NewPageAsync(violations);
        await lead.SignInAsync(_baseUrl, "lead@labelstudio.local", Password);
        await VisitAsync(lead, "/", "[data-testid^='start-labeling-']", "csp-projects");
        await VisitAsync(lead, $"/projects/{_projectId}", "[data-testid='project-title']", "csp-project");
        await VisitAsync(lead, $"/projects/{_projectId}/label", "[data-testid='submit']", "csp-labeling");
        await VisitAsync(lead, $"/projects/{_projectId}/quality", "[data-testid='recompute']", "csp-quality");
        await VisitAsync(lead, "/api-reference", "[data-testid='api-operation']", "csp-api-reference");
        var createToken = lead.Locator("[data-path='/api/me/tokens'][data-method='POST']");
        await createToken.Locator(".mud-expand-panel-header").ClickAsync();
        await createToken.Locator("[data-testid='api-request-schema']").WaitForAsync();
        Assert.Contains("name: string", await createToken.Locator("[data-testid='api-request-schema']").InnerTextAsync());

        var admin = await NewPageAsync(violations);
        await admin.SignInAsync(_baseUrl, "admin@labelstudio.local", Password);
        await VisitAsync(admin, "/admin/users", "[data-testid='user-row']", "csp-users");
        await VisitAsync(admin, "/profile", "[data-testid='token-name']", "csp-profile");
        await admin.TestId("token-name").FillAsync("e2e script");
        await admin.TestId("token-create").ClickAsync();
        var token = await admin.TestId("new-token-value").InnerTextAsync();
        await admin.TestId("token-row").First.WaitForAsync();
        await admin.ScreenshotToAsync("profile-token-created");
        await VisitAsync(admin, "/admin/tokens", "[data-testid='token-row']", "csp-admin-tokens");
        await VisitAsync(admin, "/admin/audit", "[data-testid='audit-row-action']", "csp-audit");

        Assert.True(violations.Count == 0, "Content-Security-Policy violations:\n  " + string.Join("\n  ", violations));

        using var api = new HttpClient { BaseAddress = new Uri(_baseUrl) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token.Trim());
        var me = await api.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("Admin", (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("role").GetString());
    }

    private async Task<IPage> NewPageAsync(List<string> violations)
    {
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        // Both the console report and the DOM event, so no kind of violation goes unseen.
        await context.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', e =>
                console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI));
            """);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)
                || message.Text.StartsWith("CSP violation", StringComparison.Ordinal))
            {
                violations.Add($"{page.Url}: {message.Text}");
            }
        };
        return page;
    }

    private async Task VisitAsync(IPage page, string path, string shows, string screenshot)
    {
        await page.GotoAsync(_baseUrl + path);
        await page.WaitForInteractiveAsync();
        await page.Locator(shows).First.WaitForAsync(new() { Timeout = 30_000 });
        await page.ScreenshotToAsync(screenshot);
    }
}
