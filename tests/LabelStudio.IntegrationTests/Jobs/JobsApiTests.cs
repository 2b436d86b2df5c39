using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Projects;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.IntegrationTests.Jobs;

/// <summary>
/// Jobs are read by those who may see the project's imports (administrators; the project's leads) and cancelled by
/// administrators. Everyone else is told the job does not exist, or (a member rater) that they may not see it.
/// </summary>
public sealed class JobsApiTests : IAsyncLifetime
{
    private readonly KestrelAppFactory _app = new();
    private long _projectId;
    private long _otherProjectId;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        await _app.CreateUserAsync("admin@jobs.test", Roles.Admin);
        _projectId = await _app.CreateProjectAsync("Jobs");
        _otherProjectId = await _app.CreateProjectAsync("Other jobs");
        var lead = await _app.CreateUserAsync("lead@jobs.test", Roles.Lead);
        var otherLead = await _app.CreateUserAsync("other-lead@jobs.test", Roles.Lead);
        var rater = await _app.CreateUserAsync("rater@jobs.test", Roles.Rater);
        await _app.CreateUserAsync("outsider@jobs.test", Roles.Rater);
        await _app.AddMemberAsync(_projectId, lead, ProjectRole.Lead);
        await _app.AddMemberAsync(_otherProjectId, otherLead, ProjectRole.Lead);
        await _app.AddMemberAsync(_projectId, rater);
        _admin = await _app.SignInAsync("admin@jobs.test");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<JsonElement> StartImportAsync(string body, string fileName = "tasks.jsonl")
    {
        var content = new StringContent(body, Encoding.UTF8, "application/x-ndjson");
        var response = await _admin.PostAsync($"/api/projects/{_projectId}/import?fileName={fileName}&async=true", content);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<JsonElement> WaitAsync(long jobId) => _admin.WaitForJobAsync($"/api/jobs/{jobId}");

    [Fact]
    public async Task JobEndpoints_PerCaller_AllowOrDeny()
    {
        var started = await StartImportAsync(TestApp.TextTasks(5));
        var id = started.GetProperty("id").GetInt64();
        Assert.Equal("Succeeded", (await WaitAsync(id)).GetProperty("state").GetString());
        using var anonymous = _app.CreateSocketClient();
        var lead = await _app.SignInAsync("lead@jobs.test");
        var otherLead = await _app.SignInAsync("other-lead@jobs.test");
        var rater = await _app.SignInAsync("rater@jobs.test");
        var outsider = await _app.SignInAsync("outsider@jobs.test");

        var reads = new[] { $"/api/jobs/{id}", $"/api/import-jobs/{id}", $"/api/projects/{_projectId}/jobs" };
        var expected = new (HttpClient Client, string Who, HttpStatusCode Status)[]
        {
            (anonymous, "anonymous", HttpStatusCode.Unauthorized),
            (outsider, "a rater outside the project", HttpStatusCode.NotFound),
            (otherLead, "the lead of another project", HttpStatusCode.NotFound),
            (rater, "a rater of the project", HttpStatusCode.Forbidden),
            (lead, "the project's lead", HttpStatusCode.OK),
            (_admin, "an administrator", HttpStatusCode.OK),
        };
        foreach (var path in reads)
        {
            foreach (var (client, who, status) in expected)
            {
                Assert.True(status == (await client.GetAsync(path)).StatusCode, $"GET {path} as {who} should be {(int)status}");
            }
        }

        // Cancelling: administrators only, and only unfinished jobs.
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.PostAsync($"/api/jobs/{id}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsync($"/api/jobs/{id}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _admin.PostAsync($"/api/jobs/{id}/cancel", null)).StatusCode);
        // The kind-specific address answers only for its kind.
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/api/feedback-jobs/{id}")).StatusCode);
    }

    [Fact]
    public async Task Job_AfterAReload_ShowsWhatRanAndWhy()
    {
        var failed = await StartImportAsync("{\"text\":\"ok\"}\n{\"nope\":1}\n", "bad.jsonl");
        var job = await WaitAsync(failed.GetProperty("id").GetInt64());

        Assert.Equal("Failed", job.GetProperty("state").GetString());
        Assert.Equal("bad.jsonl", job.GetProperty("fileName").GetString());
        Assert.Contains("Nothing was imported: 1 error(s) in bad.jsonl", job.GetProperty("message").GetString());
        var error = job.GetProperty("result").GetProperty("errors")[0];
        Assert.Equal(2, error.GetProperty("line").GetInt32());
        var list = await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{_projectId}/jobs?kind=import");
        Assert.Equal(job.GetProperty("id").GetInt64(), list[0].GetProperty("id").GetInt64());
        Assert.Equal(0, await _app.QueryAsync(db => db.Tasks.IgnoreQueryFilters().CountAsync()));
        Assert.Empty(Directory.EnumerateFiles(_app.WorkDirectory, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Cancel_RunningImport_EndsCancelledWithNothingKept()
    {
        var started = await StartImportAsync(TestApp.TextTasks(300_000), "big.jsonl");
        var id = started.GetProperty("id").GetInt64();
        JsonElement job;
        do
        {
            job = await _admin.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}");
        } while (job.GetProperty("state").GetString() == "Queued");

        var cancel = await _admin.PostAsync($"/api/jobs/{id}/cancel", null);
        Assert.True(cancel.StatusCode == HttpStatusCode.OK, await cancel.Content.ReadAsStringAsync());
        job = await WaitAsync(id);

        Assert.True(job.GetProperty("state").GetString() == "Cancelled", job.ToString());
        Assert.Contains("Nothing it wrote was kept", job.GetProperty("message").GetString());
        Assert.Equal(0, await _app.QueryAsync(db => db.Tasks.CountAsync()));
        // The staged rows go in the background.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await _app.QueryAsync(db => db.Tasks.IgnoreQueryFilters().CountAsync()) > 0 && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Equal(0, await _app.QueryAsync(db => db.Tasks.IgnoreQueryFilters().CountAsync()));
        Assert.Equal(0, await _app.QueryAsync(db => db.ImportBatches.CountAsync()));
        Assert.Empty(Directory.EnumerateFiles(_app.WorkDirectory, "*", SearchOption.AllDirectories));
    }
}
