using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Projects;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LabelStudio.IntegrationTests.Review;

/// <summary>An app with an admin, a project lead and raters, and helpers to rate tasks and resolve them through the API.</summary>
public sealed class ReviewScenario : IAsyncDisposable
{
    private ReviewScenario(KestrelAppFactory app) => App = app;

    public KestrelAppFactory App { get; }
    public HttpClient Admin { get; private set; } = null!;
    public HttpClient Lead { get; private set; } = null!;
    public string LeadId { get; private set; } = "";
    public List<HttpClient> Raters { get; } = [];
    public List<string> RaterIds { get; } = [];

    /// <param name="services">Changes the app's services (for example, takes a background worker out).</param>
    public static async Task<ReviewScenario> StartAsync(int raters = 3, FakeTimeProvider? clock = null, Action<IServiceCollection>? services = null)
    {
        var scenario = new ReviewScenario(new KestrelAppFactory(clock: clock, services: services));
        var app = scenario.App;
        await app.CreateUserAsync("admin@test.local", Roles.Admin);
        scenario.Admin = await app.SignInAsync("admin@test.local");
        scenario.LeadId = await app.CreateUserAsync("lead@test.local", Roles.Lead);
        scenario.Lead = await app.SignInAsync("lead@test.local");
        foreach (var name in new[] { "alice", "bob", "carol", "dave", "erin" }.Take(raters))
        {
            scenario.RaterIds.Add(await app.CreateUserAsync($"{name}@test.local", Roles.Rater));
            scenario.Raters.Add(await app.SignInAsync($"{name}@test.local"));
        }
        return scenario;
    }

    /// <summary>
    /// Takes the background quality recompute worker out (pass to <see cref="StartAsync"/>): a queued recompute then waits
    /// until something else runs it, whatever the machine's load.
    /// </summary>
    public static void WithoutRecomputeWorker(IServiceCollection services) =>
        services.Remove(services.Single(d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService)
                                             && d.ImplementationType?.Name == "QualityRecomputeWorker"));

    /// <summary>A sentiment project (Positive / Negative / Neutral) with the lead, every rater and these texts.</summary>
    public Task<long> ProjectAsync(string name, int overlap, params string[] texts) => ProjectAsync(name, overlap, (string?)null, texts);

    /// <summary>A project with this labeling configuration (the sentiment one when null), the lead, every rater and these texts.</summary>
    public async Task<long> ProjectAsync(string name, int overlap, string? xml, string[] texts)
    {
        var id = await App.CreateProjectAsync(name, overlap: overlap, xml: xml);
        await App.AddMemberAsync(id, LeadId, ProjectRole.Lead);
        foreach (var rater in RaterIds) await App.AddMemberAsync(id, rater);
        if (texts.Length > 0)
        {
            var lines = string.Join('\n', texts.Select(t => JsonSerializer.Serialize(new { text = t })));
            Assert.Equal(HttpStatusCode.Created, (await Admin.ImportAsync(id, "reviews.jsonl", lines + "\n")).StatusCode);
        }
        return id;
    }

    /// <summary>Raters 0..n-1 in turn take their next task and answer with the given choices; returns the task id.</summary>
    public async Task<long> ChoicesAsync(long projectId, params string[] choices) => await ChoicesFromAsync(projectId, 0, choices);

    public async Task<long> ChoicesFromAsync(long projectId, int firstRater, params string[] choices)
    {
        long task = 0;
        for (var i = 0; i < choices.Length; i++)
        {
            var id = await NextAsync(firstRater + i, projectId) ?? throw new InvalidOperationException("no task for the rater");
            Assert.True(task == 0 || task == id, "the raters should get the same task");
            task = id;
            await SubmitAsync(firstRater + i, id, choices[i]);
        }
        return task;
    }

    public async Task<long?> NextAsync(int rater, long projectId)
    {
        var next = await Raters[rater].GetAsync($"/api/projects/{projectId}/next");
        if (next.StatusCode == HttpStatusCode.NotFound) return null;
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        return (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("taskId").GetInt64();
    }

    public async Task SubmitAsync(int rater, long taskId, string choice)
    {
        var response = await Raters[rater].PostAsync($"/api/tasks/{taskId}/annotations", Json(TestApp.ChoiceResult(choice)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>How many tasks the rater can still be given in the project (the labeling screen's counter).</summary>
    public async Task<int> RemainingAsync(int rater, long projectId) =>
        (await Raters[rater].GetFromJsonAsync<JsonElement>($"/api/projects/{projectId}/progress")).GetProperty("remaining").GetInt32();

    public async Task<JsonElement> OutcomeAsync(long taskId) => await Lead.GetFromJsonAsync<JsonElement>($"/api/tasks/{taskId}/outcome");

    public async Task<JsonElement> ConflictsAsync(long projectId, string query = "") =>
        await Lead.GetFromJsonAsync<JsonElement>($"/api/projects/{projectId}/conflicts{query}");

    /// <summary>
    /// Waits until the project's latest quality snapshot holds <paramref name="ratings"/> ratings and no recompute is running
    /// (the one the submits asked for has finished); returns that snapshot.
    /// </summary>
    public async Task<JsonElement> WaitForSnapshotAsync(long projectId, int ratings)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var report = await Lead.GetFromJsonAsync<JsonElement>($"/api/projects/{projectId}/quality");
            if (report.GetProperty("snapshot") is { ValueKind: JsonValueKind.Object } snapshot && snapshot.GetProperty("ratingCount").GetInt32() == ratings
                && !report.GetProperty("recompute").GetProperty("running").GetBoolean())
            {
                return snapshot;
            }
            Assert.True(DateTime.UtcNow < deadline, $"no snapshot of {ratings} ratings within 30 s");
            await Task.Delay(100);
        }
    }

    public Task<HttpResponseMessage> ResolveAsync(long taskId, string body, HttpClient? client = null) =>
        (client ?? Lead).PostAsync($"/api/tasks/{taskId}/resolution", Json(body));

    /// <summary>Changes the project's review settings through the project service (as the settings page does).</summary>
    public Task ReviewSettingsAsync(long projectId, Data.Review.ReviewSettings settings) => SettingsAsync(projectId, null, settings);

    /// <summary>Changes the project's conflict rule through the project service (as the settings page does).</summary>
    public Task ConflictSettingsAsync(long projectId, LabelStudio.Quality.ConflictSettings settings) => SettingsAsync(projectId, settings, null);

    private async Task SettingsAsync(long projectId, LabelStudio.Quality.ConflictSettings? conflicts, Data.Review.ReviewSettings? review)
    {
        using var scope = App.Services.CreateScope();
        var projects = scope.ServiceProvider.GetRequiredService<ProjectService>();
        var p = await projects.GetAsync(projectId, Data.Common.Actor.System);
        await projects.UpdateAsync(projectId, new ProjectDraft(p.Name, p.Description, p.Instructions, p.LabelConfigXml,
            new ProjectSettings(p.Overlap, p.LeaseMinutes, p.Order, p.AllowSkip, conflicts, review)), Data.Common.Actor.System);
    }

    /// <summary>Imports tasks, some with a gold answer (Label Studio's ground_truth annotation).</summary>
    public async Task ImportWithGoldAsync(long projectId, params (string Text, string? Gold)[] tasks)
    {
        var lines = tasks.Select(t => t.Gold is null
            ? JsonSerializer.Serialize(new { text = t.Text })
            : $$$"""{"data":{"text":"{{{t.Text}}}"},"annotations":[{"completed_by":1,"ground_truth":true,"was_cancelled":false,"result":[{{{Choice(t.Gold)}}}]}]}""");
        Assert.Equal(HttpStatusCode.Created, (await Admin.ImportAsync(projectId, "gold.jsonl", string.Join('\n', lines) + "\n")).StatusCode);
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static string Choice(string choice) =>
        $$$"""{"id":"r1","from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["{{{choice}}}"]}}""";

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
