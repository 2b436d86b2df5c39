using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Admin;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.IntegrationTests.Infrastructure;

/// <summary>Helpers to arrange data through the app's own services and call the API as a given user.</summary>
public static class TestApp
{
    public const string Password = "Test-password-1";

    public static async Task<string> CreateUserAsync(this KestrelAppFactory app, string email, string role)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserService>();
        var created = await users.CreateAsync(new NewUser(email, "", role, Password), Actor.System);
        return created.User.Id;
    }

    public static async Task<long> CreateProjectAsync(this KestrelAppFactory app, string name, int overlap = 3,
        string? xml = null, bool allowSkip = true, int leaseMinutes = 10)
    {
        using var scope = app.Services.CreateScope();
        var projects = scope.ServiceProvider.GetRequiredService<ProjectService>();
        var project = await projects.CreateAsync(new ProjectDraft(name, "", "", xml ?? LabelingConfigSamples.TextClassification,
            new ProjectSettings(overlap, leaseMinutes, TaskOrder.Sequential, allowSkip)), Actor.System);
        return project.Id;
    }

    public static async Task AddMemberAsync(this KestrelAppFactory app, long projectId, string userId,
        ProjectRole role = ProjectRole.Rater)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ProjectService>().SetMemberAsync(projectId, userId, role, Actor.System);
    }

    /// <summary>The usual cast: an administrator and three raters (alice, bob, carol), each signed in.</summary>
    public static async Task<(HttpClient Admin, List<HttpClient> Raters, List<string> RaterIds)> SignInAdminAndThreeRatersAsync(this KestrelAppFactory app)
    {
        await app.CreateUserAsync("admin@test.local", Data.Identity.Roles.Admin);
        var admin = await app.SignInAsync("admin@test.local");
        var raters = new List<HttpClient>();
        var raterIds = new List<string>();
        foreach (var name in new[] { "alice", "bob", "carol" })
        {
            raterIds.Add(await app.CreateUserAsync($"{name}@test.local", Data.Identity.Roles.Rater));
            raters.Add(await app.SignInAsync($"{name}@test.local"));
        }
        return (admin, raters, raterIds);
    }

    public static async Task<HttpClient> SignInAsync(this KestrelAppFactory app, string email, string password = Password)
    {
        var client = app.CreateSocketClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { email, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", body.GetProperty("accessToken").GetString());
        return client;
    }

    public static async Task<T> QueryAsync<T>(this KestrelAppFactory app, Func<AppDbContext, Task<T>> query)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await query(db);
    }

    /// <summary>A job row of <paramref name="kind"/> with a fresh heartbeat (running unless told), to stage batches under.</summary>
    public static Task<long> AddJobAsync(this KestrelAppFactory app, long projectId, string fileName,
        string kind = Data.Import.ImportService.JobKind, string? owner = null, Data.Jobs.JobState state = Data.Jobs.JobState.Running) =>
        app.QueryAsync(async db =>
        {
            var job = new Data.Jobs.Job
            {
                Kind = kind, ProjectId = projectId, State = state, CreatedAt = DateTime.UtcNow, StartedAt = DateTime.UtcNow,
                HeartbeatAt = DateTime.UtcNow, Owner = owner ?? Data.Jobs.JobOwner.Current, FileName = fileName,
            };
            db.Jobs.Add(job);
            await db.SaveChangesAsync();
            return job.Id;
        });

    public static async Task<HttpResponseMessage> ImportAsync(this HttpClient client, long projectId, string fileName,
        string content, string contentType = "application/octet-stream")
    {
        var body = new StringContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return await client.PostAsync($"/api/projects/{projectId}/import?fileName={Uri.EscapeDataString(fileName)}", body);
    }

    /// <summary>A JSON Lines file of <paramref name="count"/> one-field text tasks.</summary>
    public static string TextTasks(int count) => string.Concat(Enumerable.Range(0, count).Select(i => $"{{\"text\":\"task {i}\"}}\n"));

    /// <summary>Polls a job (at <paramref name="path"/>, e.g. /api/jobs/7) until it has finished; returns its last state.</summary>
    public static async Task<JsonElement> WaitForJobAsync(this HttpClient client, string path, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var job = await client.GetFromJsonAsync<JsonElement>(path);
            if (job.GetProperty("state").GetString() is not ("Queued" or "Running") || DateTime.UtcNow > deadline) return job;
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Polls the quality report until a recompute over <paramref name="ratings"/> ratings has finished and scored every
    /// complete task (the report reads the outcomes before the snapshot, and a recompute may end between the two).
    /// </summary>
    public static async Task<JsonElement> WaitForQualityAsync(this HttpClient client, long project, int ratings)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var report = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/quality");
            var outcomes = report.GetProperty("outcomes");
            if (report.TryGetProperty("snapshot", out var snapshot) && snapshot.ValueKind == JsonValueKind.Object
                && snapshot.GetProperty("ratingCount").GetInt32() == ratings && !report.GetProperty("recompute").GetProperty("running").GetBoolean()
                && outcomes.GetProperty("agreed").GetInt32() + outcomes.GetProperty("conflict").GetInt32() + outcomes.GetProperty("resolved").GetInt32()
                   + outcomes.GetProperty("invalid").GetInt32() >= outcomes.GetProperty("complete").GetInt32())
            {
                return report;
            }
            Assert.True(DateTime.UtcNow < deadline, "no snapshot within 30 s");
            await Task.Delay(200);
        }
    }

    public static string ChoiceResult(string choice) =>
        $$$"""{"result":[{"id":"r1","from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["{{{choice}}}"]}}],"lead_time":1.5}""";
}
