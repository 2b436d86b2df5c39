using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LabelStudio.Data.Identity;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.IntegrationTests.Labeling;

public sealed class ConcurrentRatersTests : IAsyncLifetime
{
    private readonly KestrelAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TwentyRatersAtOnce_NeverExceedOverlap_AndLoseNoAnnotation()
    {
        const int raters = 20, tasks = 40, overlap = 3;
        var projectId = await _app.CreateProjectAsync("Concurrency", overlap);
        var jsonl = new StringBuilder();
        for (var i = 0; i < tasks; i++) jsonl.Append($"{{\"text\":\"review {i}\"}}\n");

        var admin = await _app.CreateUserAsync("admin@test.local", Roles.Admin);
        var adminClient = await _app.SignInAsync("admin@test.local");
        Assert.Equal(HttpStatusCode.Created, (await adminClient.ImportAsync(projectId, "tasks.jsonl", jsonl.ToString())).StatusCode);

        var clients = new List<(string Email, HttpClient Client)>();
        for (var r = 0; r < raters; r++)
        {
            var email = $"rater{r}@test.local";
            var id = await _app.CreateUserAsync(email, Roles.Rater);
            await _app.AddMemberAsync(projectId, id);
            clients.Add((email, await _app.SignInAsync(email)));
        }

        var accepted = new ConcurrentBag<long>();
        var start = new TaskCompletionSource();
        var loops = clients.Select(c => Task.Run(async () =>
        {
            await start.Task;
            while (true)
            {
                var next = await c.Client.GetAsync($"/api/projects/{projectId}/next");
                if (next.StatusCode == HttpStatusCode.NotFound) return;
                Assert.Equal(HttpStatusCode.OK, next.StatusCode);
                var task = await next.Content.ReadFromJsonAsync<JsonElement>();
                var taskId = task.GetProperty("taskId").GetInt64();
                var body = new StringContent(TestApp.ChoiceResult("Positive"), Encoding.UTF8, "application/json");
                var submit = await c.Client.PostAsync($"/api/tasks/{taskId}/annotations", body);
                Assert.Equal(HttpStatusCode.Created, submit.StatusCode);
                var result = await submit.Content.ReadFromJsonAsync<JsonElement>();
                accepted.Add(result.GetProperty("annotationId").GetInt64());
            }
        })).ToList();
        start.SetResult();
        await Task.WhenAll(loops);

        var perTask = await _app.QueryAsync(db => db.Annotations.Where(a => a.ProjectId == projectId)
            .GroupBy(a => a.TaskId).Select(g => new { g.Key, Count = g.Count(), Raters = g.Select(a => a.UserId).Distinct().Count() })
            .ToListAsync());
        Assert.Equal(tasks, perTask.Count);
        Assert.All(perTask, t => Assert.Equal(overlap, t.Count));
        Assert.All(perTask, t => Assert.Equal(overlap, t.Raters));
        Assert.Equal(tasks * overlap, accepted.Count);
        var stored = await _app.QueryAsync(db => db.Annotations.Where(a => a.ProjectId == projectId).Select(a => a.Id).ToListAsync());
        Assert.Equal(accepted.OrderBy(x => x), stored.OrderBy(x => x));
        var counters = await _app.QueryAsync(db => db.Tasks.Where(t => t.ProjectId == projectId)
            .Select(t => new { t.CompletedCount, t.IsComplete }).ToListAsync());
        Assert.All(counters, c => Assert.True(c.CompletedCount == overlap && c.IsComplete));
    }
}
