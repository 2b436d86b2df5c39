using System.Net;
using System.Net.Http.Json;
using LabelStudio.Data.Identity;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace LabelStudio.IntegrationTests.Identity;

/// <summary>
/// Defect: after an admin locked a user, changed their role or reset their password, the old bearer token and cookie kept
/// their rights for hours. Each test first shows the old credential working, then the change, then the refusal.
/// </summary>
public sealed class RevocationTests : IAsyncLifetime
{
    private readonly KestrelAppFactory _app = new();
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        await _app.CreateUserAsync("admin@test.local", Roles.Admin);
        _admin = await _app.SignInAsync("admin@test.local");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SetRole_DemotedAdminsOldToken_CannotCreateAnAdmin()
    {
        var id = await _app.CreateUserAsync("admin2@test.local", Roles.Admin);
        var old = await _app.SignInAsync("admin2@test.local");
        Assert.Equal(HttpStatusCode.Created, (await CreateAdminAsync(old, "first@test.local")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.PutAsJsonAsync($"/api/users/{id}/role", new { role = "Rater" })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await CreateAdminAsync(old, "second@test.local")).StatusCode);
        Assert.False(await _app.QueryAsync(db => db.Users.AnyAsync(u => u.Email == "second@test.local")));
    }

    [Fact]
    public async Task SetRole_DemotedAdminsOldCookie_CannotCreateAnAdmin()
    {
        var id = await _app.CreateUserAsync("admin2@test.local", Roles.Admin);
        var browser = await _app.SignInWithCookieAsync("admin2@test.local");
        Assert.Equal(HttpStatusCode.Created, (await CreateAdminAsync(browser, "first@test.local")).StatusCode);

        await _admin.PutAsJsonAsync($"/api/users/{id}/role", new { role = "Rater" });

        Assert.Equal(HttpStatusCode.Unauthorized, (await CreateAdminAsync(browser, "second@test.local")).StatusCode);
        // The page side of the same cookie: back to the sign-in page.
        var page = await browser.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/Login", page.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task SetLocked_LockedRatersTokenAndCookie_CanNoLongerSubmit()
    {
        var (projectId, raterId) = await ProjectWithRaterAsync();
        var token = await _app.SignInAsync("rater@test.local");
        var cookie = await _app.SignInWithCookieAsync("rater@test.local");
        var task = await NextTaskIdAsync(token, projectId);
        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(token, task)).StatusCode);
        var task2 = await NextTaskIdAsync(cookie, projectId);

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.PutAsJsonAsync($"/api/users/{raterId}/lock", new { locked = true })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await SubmitAsync(token, task2)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SubmitAsync(cookie, task2)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync($"/api/projects/{projectId}/next")).StatusCode);
        Assert.Equal(1, await _app.QueryAsync(db => db.Annotations.CountAsync(a => a.UserId == raterId)));
    }

    [Fact]
    public async Task ResetPassword_InvalidatesTheOldCookieAndToken_NewPasswordWorks()
    {
        var (projectId, raterId) = await ProjectWithRaterAsync();
        var token = await _app.SignInAsync("rater@test.local");
        var cookie = await _app.SignInWithCookieAsync("rater@test.local");
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/projects")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cookie.GetAsync("/api/projects")).StatusCode);

        var reset = await _admin.PostAsJsonAsync($"/api/users/{raterId}/password", new { password = "Brand-new-pass-7" });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync("/api/projects")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cookie.GetAsync("/api/projects")).StatusCode);
        var fresh = await _app.SignInAsync("rater@test.local", "Brand-new-pass-7");
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync($"/api/projects/{projectId}/progress")).StatusCode);
    }

    [Fact]
    public async Task Unlock_DoesNotReviveTheOldToken()
    {
        var (_, raterId) = await ProjectWithRaterAsync();
        var token = await _app.SignInAsync("rater@test.local");
        await _admin.PutAsJsonAsync($"/api/users/{raterId}/lock", new { locked = true });
        await _admin.PutAsJsonAsync($"/api/users/{raterId}/lock", new { locked = false });

        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync("/api/projects")).StatusCode);
        var again = await _app.SignInAsync("rater@test.local");
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/projects")).StatusCode);
    }

    [Fact]
    public async Task ChangeMadeOutsideThisProcess_IsSeenWithinTheCacheLifetime()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new KestrelAppFactory(clock: clock);
        var id = await app.CreateUserAsync("rater@test.local", Roles.Rater);
        var token = await app.SignInAsync("rater@test.local");
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/projects")).StatusCode);

        // Another instance (or the command line) changes the stamp: this process is not told.
        await app.QueryAsync(db => db.Users.Where(u => u.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.SecurityStamp, Guid.NewGuid().ToString("N"))));
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/projects")).StatusCode);

        clock.Advance(UserAccessCache.Lifetime + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync("/api/projects")).StatusCode);
    }

    [Fact]
    public async Task TemporaryLockoutFromFailedSignIns_DoesNotEndOpenSessions()
    {
        await _app.CreateUserAsync("rater@test.local", Roles.Rater);
        var token = await _app.SignInAsync("rater@test.local");
        using var anonymous = _app.CreateSocketClient();
        for (var i = 0; i < 10; i++)
        {
            await anonymous.PostAsJsonAsync("/api/auth/token", new { email = "rater@test.local", password = "Guess-number-" + i });
        }
        var locked = await anonymous.PostAsJsonAsync("/api/auth/token", new { email = "rater@test.local", password = TestApp.Password });
        Assert.Contains("locked", await locked.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/projects")).StatusCode);
    }

    private static Task<HttpResponseMessage> CreateAdminAsync(HttpClient client, string email) =>
        client.PostAsJsonAsync("/api/users", new { email, displayName = "", role = "Admin", password = "Another-pass-1" });

    private async Task<(long ProjectId, string RaterId)> ProjectWithRaterAsync()
    {
        var raterId = await _app.CreateUserAsync("rater@test.local", Roles.Rater);
        var projectId = await _app.CreateProjectAsync("Revocation", overlap: 1);
        await _app.AddMemberAsync(projectId, raterId);
        var import = await _admin.ImportAsync(projectId, "tasks.jsonl", "{\"text\":\"one\"}\n{\"text\":\"two\"}\n{\"text\":\"three\"}\n");
        Assert.Equal(HttpStatusCode.Created, import.StatusCode);
        return (projectId, raterId);
    }

    private static async Task<long> NextTaskIdAsync(HttpClient client, long projectId)
    {
        var next = await client.GetAsync($"/api/projects/{projectId}/next");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        return (await next.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("taskId").GetInt64();
    }

    private static Task<HttpResponseMessage> SubmitAsync(HttpClient client, long taskId) =>
        client.PostAsync($"/api/tasks/{taskId}/annotations",
            new StringContent(TestApp.ChoiceResult("Positive"), System.Text.Encoding.UTF8, "application/json"));
}
