using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Admin;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Import;
using LabelStudio.Data.Projects;
using LabelStudio.Feedback.Synthetic;
using LabelStudio.IntegrationTests.Cli;
using LabelStudio.IntegrationTests.Feedback;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.IntegrationTests.Jobs;

/// <summary>
/// The real app (or the CLI) as a child process, killed with SIGKILL in the middle of an import or a click-log
/// ingest, then started again: nothing is half-visible, no job is left Running, no file is left in the work folder,
/// and the same file imports (or ingests) cleanly the second time.
/// </summary>
public sealed class KillTests : IDisposable
{
    private const string Password = "Kill-test-password-1";
    private const int BigFileTasks = 150_000;
    private readonly TestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private string WorkDirectory => Path.Combine(_database.Directory, "work");

    private long Scalar(string sql) => _database.Scalar(sql);

    private long StagedTasks => Scalar("SELECT COUNT(*) FROM Tasks t JOIN ImportBatches b ON b.Id = t.ImportBatchId WHERE b.State <> 0");
    private long AllTasks => Scalar("SELECT COUNT(*) FROM Tasks");
    private long UnfinishedJobs => Scalar("SELECT COUNT(*) FROM Jobs WHERE State IN (0, 1)");
    private IReadOnlyList<string> WorkFiles => Directory.Exists(WorkDirectory)
        ? Directory.EnumerateFiles(WorkDirectory, "*", SearchOption.AllDirectories).ToList() : [];

    /// <summary>An admin, a rater and a project with five published tasks.</summary>
    private async Task<long> SeedAsync(string config)
    {
        await using var services = StandaloneServices.Build(DatabaseProvider.Sqlite, _database.ConnectionString);
        await DatabaseInitializer.MigrateAsync(services);
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserService>();
        await users.CreateAsync(new NewUser("admin@kill.test", "Admin", Roles.Admin, Password), Actor.System);
        var rater = await users.CreateAsync(new NewUser("rater@kill.test", "Rater", Roles.Rater, Password), Actor.System);
        var projects = scope.ServiceProvider.GetRequiredService<ProjectService>();
        var project = await projects.CreateAsync(new ProjectDraft("Killed midway", "", "", config, new ProjectSettings(Overlap: 1)), Actor.System);
        await projects.SetMemberAsync(project.Id, rater.User.Id, ProjectRole.Rater, Actor.System);
        var first = string.Concat(Enumerable.Range(0, 5).Select(i =>
            $"{{\"text\":\"before {i}\",\"query\":\"q{i}\",\"doc\":\"d{i}\",\"query_id\":\"seed-q{i}\",\"doc_id\":\"seed-d{i}\"}}\n"));
        var outcome = await scope.ServiceProvider.GetRequiredService<ImportService>()
            .ImportAsync(project.Id, new MemoryStream(Encoding.UTF8.GetBytes(first)), "before.jsonl", Actor.System);
        Assert.True(outcome.Succeeded);
        SqliteConnection.ClearAllPools();
        return project.Id;
    }

    private string BigTaskFile()
    {
        var path = Path.Combine(_database.Directory, "big.jsonl");
        File.WriteAllText(path, TestApp.TextTasks(BigFileTasks));
        return path;
    }

    private static async Task<HttpClient> SignInAsync(AppProcess app, string email)
    {
        var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromMinutes(5) };
        var token = await client.PostAsJsonAsync("/api/auth/token", new { email, password = Password });
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        return client;
    }

    private static async Task<long> PostFileAsync(HttpClient client, string url, string path, string contentType)
    {
        await using var file = File.OpenRead(path);
        var content = new StreamContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var response = await client.PostAsync(url, content);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private static async Task WaitForAsync(Func<bool> condition, string what, Func<string>? log = null, int seconds = 120)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed.TotalSeconds < seconds, $"Timed out waiting for {what}.\n{log?.Invoke()}");
            await Task.Delay(50);
        }
    }

    /// <summary>What every restart must show: the job failed with the reason, nothing staged is visible or left.</summary>
    private async Task AssertRecoveredAsync(HttpClient admin, long jobId, long projectId, long visibleTasks)
    {
        var job = await admin.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}");
        Assert.Equal("Failed", job.GetProperty("state").GetString());
        Assert.Contains("Interrupted by a restart", job.GetProperty("message").GetString());
        Assert.Equal(0, UnfinishedJobs);
        var projects = await admin.GetFromJsonAsync<JsonElement>("/api/projects");
        Assert.Equal(visibleTasks, projects.EnumerateArray().Single(p => p.GetProperty("id").GetInt64() == projectId).GetProperty("taskCount").GetInt32());
        // The rows of the killed job go in the background, and the scratch files at start-up.
        await WaitForAsync(() => StagedTasks == 0 && AllTasks == visibleTasks, "the staged rows to be deleted");
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM ImportBatches WHERE State <> 0"));
        Assert.Empty(WorkFiles);
    }

    [Fact]
    public async Task WebApp_KilledDuringImport_RestartShowsNothingHalfDone_AndTheSameFileImports()
    {
        var projectId = await SeedAsync(LabelingConfigSamples.TextClassification);
        var file = BigTaskFile();
        long jobId;
        await using (var app = await AppProcess.StartAsync(_database.ConnectionString))
        {
            var admin = await SignInAsync(app, "admin@kill.test");
            jobId = await PostFileAsync(admin, $"/api/projects/{projectId}/import?fileName=big.jsonl&async=true", file, "application/x-ndjson");
            await WaitForAsync(() => StagedTasks >= 20_000, "the import to stage 20,000 tasks", () => app.Log);
            Assert.NotEmpty(WorkFiles);
            app.Kill();
        }
        Assert.True(StagedTasks >= 20_000);

        await using var restarted = await AppProcess.StartAsync(_database.ConnectionString);
        var again = await SignInAsync(restarted, "admin@kill.test");
        var rater = await SignInAsync(restarted, "rater@kill.test");
        var next = await rater.GetFromJsonAsync<JsonElement>($"/api/projects/{projectId}/next");
        Assert.StartsWith("{\"text\":\"before", next.GetProperty("dataJson").GetString());
        await AssertRecoveredAsync(again, jobId, projectId, 5);

        var rerun = await again.PostAsync($"/api/projects/{projectId}/import?fileName=big.jsonl",
            new StreamContent(File.OpenRead(file)) { Headers = { ContentType = new MediaTypeHeaderValue("application/x-ndjson") } });
        Assert.Equal(HttpStatusCode.Created, rerun.StatusCode);
        Assert.Equal(BigFileTasks + 5, AllTasks);
        Assert.Empty(WorkFiles);
    }

    [Fact]
    public async Task WebApp_KilledDuringClickIngest_RestartShowsNothingHalfDone_AndTheSameLogIngests()
    {
        var projectId = await SeedAsync(FeedbackApiTests.RelevanceConfig);
        var log = Path.Combine(_database.Directory, "clicks.jsonl");
        SyntheticClickLog.Create(new SyntheticClickLogOptions
        {
            Impressions = 120_000, Queries = 4000, DocsPerQuery = 30, Users = 20_000, Seed = 11,
        }).WriteJsonl(log);
        long jobId;
        await using (var app = await AppProcess.StartAsync(_database.ConnectionString))
        {
            var admin = await SignInAsync(app, "admin@kill.test");
            jobId = await PostFileAsync(admin, $"/api/projects/{projectId}/feedback/ingest?fileName=clicks.jsonl&async=true", log, "application/x-ndjson");
            await WaitForAsync(() => Scalar("SELECT COUNT(*) FROM FeedbackLabels") >= 2000, "the ingest to write 2,000 labels", () => app.Log);
            app.Kill();
        }
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM FeedbackIngests WHERE State = 0"));

        await using var restarted = await AppProcess.StartAsync(_database.ConnectionString);
        var admin2 = await SignInAsync(restarted, "admin@kill.test");
        var overview = await admin2.GetFromJsonAsync<JsonElement>($"/api/projects/{projectId}/feedback");
        Assert.Equal(0, overview.GetProperty("labels").GetProperty("total").GetInt32());
        Assert.Equal(JsonValueKind.Null, overview.GetProperty("latest").ValueKind);
        var ingest = overview.GetProperty("history")[0];
        Assert.Equal("Failed", ingest.GetProperty("state").GetString());
        Assert.Contains("Interrupted by a restart", ingest.GetProperty("failure").GetString());
        await AssertRecoveredAsync(admin2, jobId, projectId, 5);
        await WaitForAsync(() => Scalar("SELECT COUNT(*) FROM FeedbackLabels") == 0, "the labels of the killed ingest to be deleted");

        var rerun = await admin2.PostAsync($"/api/projects/{projectId}/feedback/ingest?fileName=clicks.jsonl",
            new StreamContent(File.OpenRead(log)) { Headers = { ContentType = new MediaTypeHeaderValue("application/x-ndjson") } });
        Assert.True(rerun.StatusCode == HttpStatusCode.Created, await rerun.Content.ReadAsStringAsync());
        var result = await rerun.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(result.GetProperty("duplicate").GetBoolean());
        Assert.True(Scalar("SELECT COUNT(*) FROM FeedbackLabels") > 2000);
        Assert.Empty(WorkFiles);
    }

    [Fact]
    public async Task Cli_KilledDuringImport_NextCommandCleansUp_AndTheSameFileImports()
    {
        var projectId = await SeedAsync(LabelingConfigSamples.TextClassification);
        var file = BigTaskFile();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "labelstudio.dll"));
        foreach (var arg in new[] { "import", "--project", projectId.ToString(), "--file", file }) start.ArgumentList.Add(arg);
        start.Environment["ConnectionStrings__LabelStudio"] = _database.ConnectionString;
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        using (var cli = Process.Start(start)!)
        {
            cli.OutputDataReceived += (_, _) => { };
            cli.ErrorDataReceived += (_, _) => { };
            cli.BeginOutputReadLine();
            cli.BeginErrorReadLine();
            await WaitForAsync(() => StagedTasks >= 20_000 || cli.HasExited, "the CLI import to stage 20,000 tasks");
            Assert.False(cli.HasExited, "the import finished before it could be killed");
            cli.Kill(entireProcessTree: true);
            await cli.WaitForExitAsync();
        }
        var jobId = Scalar("SELECT MAX(Id) FROM Jobs");
        Assert.Equal(1, UnfinishedJobs);

        var runner = new CliRunner(_database.ConnectionString);
        var migrate = await runner.RunAsync("migrate");
        Assert.True(migrate.ExitCode == 0, migrate.Stderr);
        Assert.Equal(0, UnfinishedJobs);
        Assert.Equal(3, Scalar($"SELECT State FROM Jobs WHERE Id = {jobId}"));
        Assert.Equal(0, StagedTasks);
        Assert.Equal(5, AllTasks);
        Assert.Empty(WorkFiles);

        var rerun = await runner.RunAsync("import", "--project", projectId.ToString(), "--file", file);
        Assert.True(rerun.ExitCode == 0, rerun.Stderr);
        Assert.Equal(BigFileTasks + 5, AllTasks);
    }
}
