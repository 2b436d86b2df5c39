using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using LabelStudio.Data.Identity;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LabelStudio.IntegrationTests.Security;

/// <summary>Error responses, security headers and form posts, against the server as the README runs it (Production).</summary>
public sealed class HardeningTests : IAsyncLifetime
{
    private const string Marker = "secret-marker-7f3a";
    private readonly KestrelAppFactory _app = new();
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        await _app.CreateUserAsync("admin@test.local", Roles.Admin);
        _admin = await _app.SignInAsync("admin@test.local");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public void Server_RunsAsProduction()
    {
        Assert.Equal(Environments.Production, _app.Services.GetRequiredService<IHostEnvironment>().EnvironmentName);
    }

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/api/projects")]
    [InlineData("/api/projects/999999")]
    [InlineData("/css/labelstudio.css")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css")]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/no/such/page")]
    [InlineData("/openapi/v1.json")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        using var anonymous = _app.CreateSocketClient();
        foreach (var client in new[] { anonymous, _admin })
        {
            var response = await client.GetAsync(path);
            Assert.True((int)response.StatusCode < 500, $"{path}: {(int)response.StatusCode}");
            var csp = Header(response, "Content-Security-Policy");
            Assert.Contains("default-src 'self'", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Contains("object-src 'none'", csp);
            Assert.DoesNotContain("unsafe-eval", csp);
            Assert.DoesNotContain("'unsafe-inline'", csp.Split(';').Single(d => d.Trim().StartsWith("script-src")));
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("DENY", Header(response, "X-Frame-Options"));
            Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
        }
    }

    [Fact]
    public async Task Page_ImportMapCarriesThePoliciesNonce()
    {
        var response = await _app.CreateSocketClient().GetAsync("/Account/Login");
        var nonce = System.Text.RegularExpressions.Regex.Match(Header(response, "Content-Security-Policy"), "'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\"", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("POST", "/api/projects", "{\"name\": 5, bad")]
    [InlineData("POST", "/api/projects", "{\"name\": {\"nested\": [1,2,3]}, \"labelConfig\": 7}")]
    [InlineData("PUT", "/api/users/x/role", "[1,2,3]")]
    [InlineData("POST", "/api/auth/token", "{\"email\": [], \"password\": {}}")]
    [InlineData("POST", "/api/me/tokens", "\u0000\u0001garbage")]
    public async Task BadRequest_NeverEchoesHeadersOrStackTraces(string method, string path, string body)
    {
        var token = _admin.DefaultRequestHeaders.Authorization!.Parameter!;
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("X-Probe", Marker);
        request.Headers.Add("Cookie", $"probe={Marker}");
        var response = await _app.CreateSocketClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Marker, text);
        Assert.DoesNotContain(token[..20], text);
        Assert.DoesNotContain("Authorization", text, StringComparison.OrdinalIgnoreCase);
        AssertNoStackTrace(text);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ServerError_IsProblemJson_WithoutStackTraceOrRequestDetails()
    {
        var raterId = await _app.CreateUserAsync("rater@test.local", Roles.Rater);
        var projectId = await _app.CreateProjectAsync("Corrupt", overlap: 1);
        await _app.AddMemberAsync(projectId, raterId);
        Assert.Equal(HttpStatusCode.Created, (await _admin.ImportAsync(projectId, "t.jsonl", "{\"text\":\"x\"}\n")).StatusCode);
        var rater = await _app.SignInAsync("rater@test.local");
        var next = await rater.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/projects/{projectId}/next");
        var taskId = next.GetProperty("taskId").GetInt64();
        var submitted = await rater.PostAsync($"/api/tasks/{taskId}/annotations",
            new StringContent(TestApp.ChoiceResult("Positive"), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        // Data damaged outside the app: reading the stored answer back fails inside the server.
        await _app.QueryAsync(db => db.Annotations.ExecuteUpdateAsync(s => s.SetProperty(a => a.ResultJson, "{not json")));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/tasks/{taskId}/annotations");
        request.Headers.Add("X-Probe", Marker);
        var response = await rater.SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Marker, text);
        AssertNoStackTrace(text);
        Assert.DoesNotContain("JsonException", text);
        Assert.Contains("\"status\":500", text);
    }

    [Fact]
    public async Task MultipartImport_WithTheCookieButNoAntiforgeryToken_IsACleanBadRequest()
    {
        var projectId = await _app.CreateProjectAsync("Forms");
        var browser = await _app.SignInWithCookieAsync("admin@test.local");

        var response = await browser.PostAsync($"/api/projects/{projectId}/import", TaskForm());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("antiforgery token", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await _app.QueryAsync(db => db.Tasks.CountAsync()));
    }

    [Fact]
    public async Task MultipartImport_WithTheCookieAndTheAntiforgeryToken_Imports()
    {
        var projectId = await _app.CreateProjectAsync("Forms");
        var browser = await _app.SignInWithCookieAsync("admin@test.local");
        // A page of the signed-in user renders a token for this user (the sign-out form has one).
        var token = CookieSession.AntiforgeryToken(await browser.GetStringAsync("/"));
        var form = TaskForm();
        form.Add(new StringContent(token), "__RequestVerificationToken");

        var response = await browser.PostAsync($"/api/projects/{projectId}/import", form);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task MultipartImport_WithABearerToken_NeedsNoAntiforgeryToken()
    {
        var projectId = await _app.CreateProjectAsync("Forms");
        var response = await _admin.PostAsync($"/api/projects/{projectId}/import", TaskForm());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, await _app.QueryAsync(db => db.Tasks.CountAsync()));
    }

    private static MultipartFormDataContent TaskForm()
    {
        var file = new ByteArrayContent("{\"text\":\"a\"}\n{\"text\":\"b\"}\n"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        return new MultipartFormDataContent { { file, "file", "tasks.jsonl" } };
    }

    internal static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    private static void AssertNoStackTrace(string text)
    {
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain(".cs:line", text);
        Assert.DoesNotContain("Microsoft.AspNetCore", text);
        Assert.DoesNotContain("LabelStudio.", text);
    }
}
