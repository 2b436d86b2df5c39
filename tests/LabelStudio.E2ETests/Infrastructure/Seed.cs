using System.Text.Json.Nodes;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Core.Results;
using LabelStudio.Data.Admin;
using LabelStudio.Data.Common;
using LabelStudio.Data.Labeling;
using LabelStudio.Data.Projects;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.E2ETests.Infrastructure;

/// <summary>Arranges data through the app's own services, as the pages and the API would.</summary>
public sealed class Seed(IServiceProvider services)
{
    public const string Password = "E2e-password-1";

    /// <summary>An API client signed in as <paramref name="email"/> with a bearer token, as a script of the user's would be.</summary>
    public static async Task<HttpClient> ApiClientAsync(string baseUrl, string email, string password = Password)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) };
        var token = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(client, "/api/auth/token", new { email, password });
        var body = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(token.Content);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            body.GetProperty("accessToken").GetString());
        return client;
    }

    public async Task<string> UserAsync(string email, string name, string role)
    {
        using var scope = services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync(new NewUser(email, name, role, Password), Actor.System)).User.Id;
    }

    /// <summary>A sentiment project with these members and one task per text (file "reviews.jsonl").</summary>
    public async Task<long> ProjectAsync(string name, int overlap, IEnumerable<(string UserId, ProjectRole Role)> members, params string[] texts)
    {
        using var scope = services.CreateScope();
        var projects = scope.ServiceProvider.GetRequiredService<ProjectService>();
        var project = await projects.CreateAsync(new ProjectDraft(name, "Customer reviews", "Sarcasm counts as **Negative**.",
            LabelingConfigSamples.TextClassification, new ProjectSettings(Overlap: overlap)), Actor.System);
        foreach (var (userId, role) in members) await projects.SetMemberAsync(project.Id, userId, role, Actor.System);
        var lines = string.Join('\n', texts.Select(t => System.Text.Json.JsonSerializer.Serialize(new { text = t }))) + "\n";
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(lines));
        var outcome = await scope.ServiceProvider.GetRequiredService<Data.Import.ImportService>()
            .ImportAsync(project.Id, stream, "reviews.jsonl", Actor.System);
        if (!outcome.Succeeded) throw new InvalidOperationException("The seed import failed.");
        return project.Id;
    }

    /// <summary>The rater takes their next task and answers with the choice; returns the task.</summary>
    public async Task<long> AnswerAsync(long projectId, string raterId, string choice)
    {
        using var scope = services.CreateScope();
        var labeling = scope.ServiceProvider.GetRequiredService<LabelingService>();
        var actor = new Actor(raterId, IsAdmin: false, IsLead: false);
        var task = await labeling.NextAsync(projectId, actor) ?? throw new InvalidOperationException("No task for the rater.");
        var item = new ResultItem(ResultIds.New(), "sentiment", "text", "choices", new JsonObject { ["choices"] = new JsonArray(choice) });
        await labeling.SubmitAsync(task.TaskId, new SubmitRequest([item], 4.5, null), actor);
        return task.TaskId;
    }
}
