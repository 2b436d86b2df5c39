using System.Net.Http.Json;
using System.Text.Json;
using LabelStudio.Data.Admin;
using LabelStudio.Data.Common;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Projects;
using LabelStudio.E2ETests.Infrastructure;
using LabelStudio.Feedback.Calibration;
using LabelStudio.Feedback.Synthetic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LabelStudio.E2ETests.Feedback;

/// <summary>
/// What the click-feedback browser tests share: a running app with an administrator, a relevance project (overlap 1)
/// with its raters, the administrator's API client, and the uploads (seed, click log) through the API.
/// </summary>
internal sealed class FeedbackProjectApp : IAsyncDisposable
{
    public const string Password = "E2e-password-1";
    public const string AdminEmail = "admin@e2e.test";

    public const string RelevanceConfig = """
        <View>
          <Header value="Is the document relevant to the query?"/>
          <Text name="query" value="$query"/>
          <Text name="doc" value="$doc"/>
          <Choices name="relevance" toName="doc" choice="single-radio">
            <Choice value="Relevant"/>
            <Choice value="Not relevant"/>
          </Choices>
        </View>
        """;

    public KestrelAppFactory App { get; } = new();
    public HttpClient Api { get; private set; } = null!;
    public long ProjectId { get; private set; }
    public string BaseUrl => App.BaseUrl;

    /// <summary>Starts the app with the administrator and the project; each rater (email, display name) is a member.</summary>
    public static async Task<FeedbackProjectApp> StartAsync(string projectName, params (string Email, string Name)[] raters)
    {
        var app = new FeedbackProjectApp();
        using var scope = app.App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserService>();
        await users.CreateAsync(new NewUser(AdminEmail, "Erin Admin", Roles.Admin, Password), Actor.System);
        var projects = scope.ServiceProvider.GetRequiredService<ProjectService>();
        app.ProjectId = (await projects.CreateAsync(new ProjectDraft(projectName, "", "", RelevanceConfig, new ProjectSettings(Overlap: 1)),
            Actor.System)).Id;
        foreach (var (email, name) in raters)
        {
            var rater = (await users.CreateAsync(new NewUser(email, name, Roles.Rater, Password), Actor.System)).User.Id;
            await projects.SetMemberAsync(app.ProjectId, rater, ProjectRole.Rater, Actor.System);
        }
        app.Api = await Seed.ApiClientAsync(app.BaseUrl, AdminEmail, Password);
        return app;
    }

    public static byte[] Bytes(SyntheticClickLog log)
    {
        using var stream = new MemoryStream();
        log.WriteJsonl(stream);
        return stream.ToArray();
    }

    /// <summary>Ingests a click log (JSON Lines); returns the ingest's id.</summary>
    /// <summary>A new page in <paramref name="context"/>, signed in as the administrator, on the project's click-feedback page.</summary>
    public async Task<IPage> OpenFeedbackPageAsAdminAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.SignInAsync(BaseUrl, AdminEmail, Password);
        await page.GotoAsync($"{BaseUrl}/projects/{ProjectId}/feedback");
        await page.WaitForInteractiveAsync();
        return page;
    }

    public async Task<long> IngestAsync(byte[] log, string fileName)
    {
        var content = new ByteArrayContent(log) { Headers = { ContentType = new("application/x-ndjson") } };
        var response = await Api.PostAsync($"/api/projects/{ProjectId}/feedback/ingest?fileName={fileName}", content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ingest").GetProperty("id").GetInt64();
    }

    public async Task UploadSeedAsync(IEnumerable<SeedLabel> seed)
    {
        using var stream = new MemoryStream();
        SeedReader.Write(stream, seed);
        var uploaded = await Api.PostAsync($"/api/projects/{ProjectId}/feedback/seed?fileName=seed.tsv", new ByteArrayContent(stream.ToArray()));
        Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        await App.DisposeAsync();
    }
}
