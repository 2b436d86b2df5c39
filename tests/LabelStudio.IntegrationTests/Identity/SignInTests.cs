using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LabelStudio.Data.Audit;
using LabelStudio.Data.Identity;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.IntegrationTests.Identity;

public sealed class SignInTests : IAsyncLifetime
{
    private readonly KestrelAppFactory _app = new();

    public async Task InitializeAsync() => await _app.CreateUserAsync("rater@test.local", Roles.Rater);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TokenEndpoint_UnknownEmailAndWrongPassword_AnswerAlike()
    {
        using var client = _app.CreateSocketClient();
        var unknown = await client.PostAsJsonAsync("/api/auth/token", new { email = "nobody@test.local", password = "Some-password-1" });
        var wrong = await client.PostAsJsonAsync("/api/auth/token", new { email = "rater@test.local", password = "Some-password-1" });

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(unknown.StatusCode, wrong.StatusCode);
        Assert.Equal(await ProblemWithoutTraceAsync(unknown), await ProblemWithoutTraceAsync(wrong));
        Assert.Equal(unknown.Headers.WwwAuthenticate.ToString(), wrong.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task SignInPage_UnknownEmailAndWrongPassword_ShowTheSameError()
    {
        using var a = _app.CreateBrowserClient();
        using var b = _app.CreateBrowserClient();
        var unknown = await CookieSession.PostLoginAsync(a, "nobody@test.local", "Some-password-1");
        var wrong = await CookieSession.PostLoginAsync(b, "rater@test.local", "Some-password-1");

        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Equal(ErrorText(await unknown.Content.ReadAsStringAsync()), ErrorText(await wrong.Content.ReadAsStringAsync()));
        Assert.Equal("Wrong email or password.", ErrorText(await wrong.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Lockout_TenWrongPasswords_LockTheAccount_AndOnlyTheRightPasswordIsToldSo()
    {
        using var client = _app.CreateSocketClient();
        for (var i = 0; i < 10; i++)
        {
            var attempt = await client.PostAsJsonAsync("/api/auth/token", new { email = "rater@test.local", password = $"Wrong-pass-{i}" });
            Assert.Equal("Wrong email or password.", (await ProblemAsync(attempt)).GetProperty("detail").GetString());
        }

        // Locked now: a wrong password still reads like an unknown email, so the lock reveals nothing to a guesser.
        var guess = await client.PostAsJsonAsync("/api/auth/token", new { email = "rater@test.local", password = "Wrong-pass-x" });
        Assert.Equal("Wrong email or password.", (await ProblemAsync(guess)).GetProperty("detail").GetString());
        var owner = await client.PostAsJsonAsync("/api/auth/token", new { email = "rater@test.local", password = TestApp.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, owner.StatusCode);
        Assert.Equal("The account is locked.", (await ProblemAsync(owner)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task SignIn_SuccessAndFailures_AreAudited_WithAddressAndUserAgent()
    {
        using var client = _app.CreateSocketClient();
        client.DefaultRequestHeaders.UserAgent.ParseAdd("audit-probe/1.0");
        await client.PostAsJsonAsync("/api/auth/token", new { email = "nobody@test.local", password = "Some-password-1" });
        await client.PostAsJsonAsync("/api/auth/token", new { email = "rater@test.local", password = "Some-password-1" });
        await client.PostAsJsonAsync("/api/auth/token", new { email = "rater@test.local", password = TestApp.Password });

        var events = await _app.QueryAsync(db => db.AuditEvents.OrderBy(e => e.Id)
            .Where(e => e.Action == AuditActions.SignIn || e.Action == AuditActions.SignInFailed).ToListAsync());
        Assert.Equal([AuditActions.SignInFailed, AuditActions.SignInFailed, AuditActions.SignIn], events.Select(e => e.Action));
        Assert.Equal(["nobody@test.local", "rater@test.local", "rater@test.local"], events.Select(e => e.ActorEmail));
        Assert.Null(events[0].ActorId);
        Assert.NotNull(events[1].ActorId);
        Assert.Contains("unknown email", events[0].Details);
        Assert.Contains("wrong password", events[1].Details);
        Assert.All(events, e => Assert.Equal("127.0.0.1", e.IpAddress));
        Assert.All(events, e => Assert.Equal("audit-probe/1.0", e.UserAgent));
    }

    [Theory]
    [InlineData("//evil.com")]
    [InlineData("https://evil.com")]
    [InlineData("http://evil.com/x")]
    [InlineData("/\\evil.com")]
    [InlineData("\\\\evil.com")]
    [InlineData("/%2F%2Fevil.com")]
    [InlineData("%2F%2Fevil.com")]
    [InlineData("/\t/evil.com")]
    [InlineData("javascript:alert(1)")]
    [InlineData("~/\\evil.com")]
    [InlineData("https:evil.com")]
    public async Task SignInPage_OffSiteReturnUrl_RedirectsHome_NeverOffSite(string returnUrl)
    {
        using var client = _app.CreateBrowserClient();
        var response = await CookieSession.PostLoginAsync(client, "rater@test.local", TestApp.Password, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        var target = location.IsAbsoluteUri ? location : new Uri(new Uri(_app.BaseUrl), location);
        Assert.Equal(new Uri(_app.BaseUrl).Authority, target.Authority);
        Assert.DoesNotContain("evil", target.Host);
        // A path on this site at most (an encoded "%2F%2Fevil.com" stays a path: browsers do not decode it into a host).
        Assert.StartsWith("/", target.PathAndQuery);
        Assert.False(target.PathAndQuery.StartsWith("//") || target.PathAndQuery.StartsWith("/\\"), target.PathAndQuery);
    }

    [Fact]
    public async Task SignInPage_LocalReturnUrl_IsKept()
    {
        using var client = _app.CreateBrowserClient();
        var response = await CookieSession.PostLoginAsync(client, "rater@test.local", TestApp.Password, "/projects/7?tab=settings");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("/projects/7?tab=settings", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task SignInPage_OffSiteReturnUrlOnGet_IsAPlainPage()
    {
        using var client = _app.CreateBrowserClient();
        var response = await client.GetAsync("/Account/Login?ReturnUrl=" + Uri.EscapeDataString("//evil.com"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TokenEndpoint_OverTheRateLimit_Is429WithRetryAfter()
    {
        await using var app = new KestrelAppFactory(settings: new Dictionary<string, string?> { ["RateLimits:SignIn:PermitLimit"] = "3" });
        using var client = app.CreateSocketClient();
        for (var i = 0; i < 3; i++)
        {
            var allowed = await client.PostAsJsonAsync("/api/auth/token", new { email = "nobody@test.local", password = "Some-password-1" });
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }

        var limited = await client.PostAsJsonAsync("/api/auth/token", new { email = "nobody@test.local", password = "Some-password-1" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without Retry-After");
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Too many sign-in attempts", await limited.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SignInPage_OverTheRateLimit_Is429Page_WhileReadingThePageStaysFree()
    {
        await using var app = new KestrelAppFactory(settings: new Dictionary<string, string?> { ["RateLimits:SignIn:PermitLimit"] = "2" });
        using var client = app.CreateBrowserClient();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await CookieSession.PostLoginAsync(client, "nobody@test.local", "Some-password-1")).StatusCode);
        }
        var limited = await CookieSession.PostLoginAsync(client, "nobody@test.local", "Some-password-1");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
        var html = await limited.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"too-many-attempts\"", html);
        Assert.Contains("Too many sign-in attempts", html);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    private static async Task<string> ProblemWithoutTraceAsync(HttpResponseMessage response)
    {
        var problem = await ProblemAsync(response);
        return string.Join("|", problem.EnumerateObject().Where(p => p.Name != "traceId").Select(p => $"{p.Name}={p.Value}"));
    }

    private static string? ErrorText(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, "data-testid=\"login-error\">([^<]*)<");
        return match.Success ? match.Groups[1].Value : null;
    }
}
