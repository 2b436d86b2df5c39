using System.Net;
using System.Net.Http.Json;
using LabelStudio.Data.Identity;
using LabelStudio.IntegrationTests.Infrastructure;

namespace LabelStudio.IntegrationTests.Identity;

public sealed class AccessTests : IAsyncLifetime
{
    private readonly KestrelAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Api_WithoutSignIn_Is401_AndPages_RedirectToLogin()
    {
        using var client = _app.CreateSocketClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/projects")).StatusCode);

        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_app.BaseUrl) };
        var page = await noRedirect.GetAsync("/admin/users");
        Assert.True(page.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.OK);
        var login = await client.GetStringAsync("/Account/Login");
        Assert.Contains("Sign in", login);
        Assert.DoesNotContain("Register", login);
    }

    [Fact]
    public async Task WrongPassword_IsRefused()
    {
        await _app.CreateUserAsync("a@test.local", Roles.Admin);
        using var client = _app.CreateSocketClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { email = "a@test.local", password = "nope-nope-1" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Rater_CannotCreateProjectsOrUsers()
    {
        await _app.CreateUserAsync("r@test.local", Roles.Rater);
        var rater = await _app.SignInAsync("r@test.local");
        var project = await rater.PostAsJsonAsync("/api/projects", new { name = "Mine", labelConfig = "<View/>" });
        Assert.Equal(HttpStatusCode.Forbidden, project.StatusCode);
        var user = await rater.PostAsJsonAsync("/api/users", new { email = "x@test.local", displayName = "", role = "Admin" });
        Assert.Equal(HttpStatusCode.Forbidden, user.StatusCode);
    }

    [Fact]
    public async Task LockedUser_CannotSignIn()
    {
        await _app.CreateUserAsync("admin@test.local", Roles.Admin);
        var id = await _app.CreateUserAsync("r@test.local", Roles.Rater);
        var admin = await _app.SignInAsync("admin@test.local");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/users/{id}/lock", new { locked = true })).StatusCode);
        using var client = _app.CreateSocketClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { email = "r@test.local", password = TestApp.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("locked", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Admin_CreatesProjectWithInvalidConfig_GetsTagAndLine()
    {
        await _app.CreateUserAsync("admin@test.local", Roles.Admin);
        var admin = await _app.SignInAsync("admin@test.local");
        var response = await admin.PostAsJsonAsync("/api/projects", new
        {
            name = "Video project",
            labelConfig = "<View>\n  <Text name=\"t\" value=\"$text\"/>\n  <Video name=\"v\" value=\"$video\"/>\n</View>",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("Video", text);
        Assert.Contains("line 3", text);
    }
}
