using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Identity;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.IntegrationTests.Projects;

public sealed class ConfigLimitsApiTests : IAsyncLifetime
{
    private readonly KestrelAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static string NestedViews(int depth)
    {
        var xml = new StringBuilder();
        for (var i = 0; i < depth; i++) xml.Append("<View>");
        xml.Append("<Text name=\"t\" value=\"$t\"/>");
        for (var i = 0; i < depth; i++) xml.Append("</View>");
        return xml.ToString();
    }

    [Fact]
    public async Task Validate_TwentyThousandNestedViewsFromARater_Is400AndTheServerStaysUp()
    {
        await _app.CreateUserAsync("rater@test.local", Roles.Rater);
        var rater = await _app.SignInAsync("rater@test.local");

        var response = await rater.PostAsJsonAsync("/api/projects/validate", new { labelConfig = NestedViews(20_000) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains($"at most {ConfigLimits.MaxDepth} levels", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await rater.GetAsync("/api/projects")).StatusCode);
    }

    [Fact]
    public async Task Validate_ValidAndInvalid_AreOkAnd400WithLines()
    {
        await _app.CreateUserAsync("rater@test.local", Roles.Rater);
        var rater = await _app.SignInAsync("rater@test.local");

        var ok = await rater.PostAsJsonAsync("/api/projects/validate", new { labelConfig = LabelingConfigSamples.TextClassification });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.True((await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("valid").GetBoolean());

        var bad = await rater.PostAsJsonAsync("/api/projects/validate", new { labelConfig = "<View>\n<Video name=\"v\"/>\n</View>" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("labelConfig");
        Assert.Contains(errors.EnumerateArray(), e => e.GetString()!.StartsWith("line 2, <Video>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateProject_WithTooDeepConfig_Is400AndNothingIsStored()
    {
        await _app.CreateUserAsync("admin@test.local", Roles.Admin);
        var admin = await _app.SignInAsync("admin@test.local");

        var response = await admin.PostAsJsonAsync("/api/projects", new { name = "Deep", labelConfig = NestedViews(5000) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("nested more than", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await _app.QueryAsync(db => db.Projects.CountAsync()));
    }

    [Fact]
    public async Task StoredConfigOverTheLimits_PagesShowTheErrorInsteadOfCrashing()
    {
        await _app.CreateUserAsync("admin@test.local", Roles.Admin);
        var projectId = await _app.CreateProjectAsync("Saved before the limits");
        // A configuration saved before the limits existed: written straight into the table.
        await _app.QueryAsync(db => db.Projects.Where(p => p.Id == projectId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.LabelConfigXml, NestedViews(20_000))));
        var admin = await _app.SignInWithCookieAsync("admin@test.local");

        foreach (var path in new[] { $"/projects/{projectId}", $"/projects/{projectId}/settings" })
        {
            var page = await admin.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Tags are nested more than", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
        }
        var api = await _app.SignInAsync("admin@test.local");
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/projects/{projectId}")).StatusCode);
    }
}
