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
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.IntegrationTests.Datasets;

/// <summary>
/// The real app as a child process, killed with SIGKILL while it builds a dataset version and again while it writes
/// the version's files, then started again: the version is Failed with the reason, no item, file row or half-written
/// file is left, and the same version builds cleanly the second time.
/// </summary>
public sealed class DatasetKillTests : IDisposable
{
    private const string Password = "Kill-test-password-1";
    private const int Tasks = 40_000;
    private readonly TestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private long Scalar(string sql) => _database.Scalar(sql);

    private string DatasetsDirectory => Path.Combine(_database.Directory, "datasets");

    private IReadOnlyList<string> PartFiles => Directory.Exists(DatasetsDirectory)
        ? Directory.EnumerateFiles(DatasetsDirectory, "*.part", SearchOption.AllDirectories).ToList() : [];

    /// <summary>The size of the version's half-written items file (0 when there is none).</summary>
    private long ItemsPartBytes(long versionId)
    {
        var directory = Path.Combine(DatasetsDirectory, versionId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Directory.Exists(directory) ? Directory.EnumerateFiles(directory, ".items.*.part").Sum(f => new FileInfo(f).Length) : 0;
    }

    private async Task<long> SeedAsync()
    {
        await using var services = StandaloneServices.Build(DatabaseProvider.Sqlite, _database.ConnectionString);
        await DatabaseInitializer.MigrateAsync(services);
        using var scope = services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync(new NewUser("admin@kill.test", "Admin", Roles.Admin, Password), Actor.System);
        var projects = scope.ServiceProvider.GetRequiredService<ProjectService>();
        var project = await projects.CreateAsync(new ProjectDraft("Exported midway", "", "", LabelingConfigSamples.TextClassification,
            new ProjectSettings(Overlap: 1)), Actor.System);
        var lines = new StringBuilder();
        for (var i = 0; i < Tasks; i++)
        {
            lines.Append($$$"""{"data":{"text":"task {{{i}}} with some words in it"},"annotations":[{"ground_truth":true,"result":[{"id":"g","from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["{{{(i % 3 == 0 ? "Negative" : "Positive")}}}"]}}]}]}""").Append('\n');
        }
        var outcome = await scope.ServiceProvider.GetRequiredService<ImportService>()
            .ImportAsync(project.Id, new MemoryStream(Encoding.UTF8.GetBytes(lines.ToString())), "gold.jsonl", Actor.System);
        Assert.True(outcome.Succeeded);
        SqliteConnection.ClearAllPools();
        return project.Id;
    }

    private static async Task<HttpClient> SignInAsync(AppProcess app)
    {
        var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromMinutes(5) };
        var token = await client.PostAsJsonAsync("/api/auth/token", new { email = "admin@kill.test", password = Password });
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        return client;
    }

    private static async Task WaitForAsync(Func<bool> condition, string what, Func<string>? log = null, int seconds = 120)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed.TotalSeconds < seconds, $"Timed out waiting for {what}.\n{log?.Invoke()}");
            await Task.Delay(20);
        }
    }

    private static async Task<long> CreateAsync(HttpClient admin, long projectId, params string[] formats)
    {
        var response = await admin.PostAsJsonAsync($"/api/projects/{projectId}/datasets", new { formats });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetProperty("id").GetInt64();
    }

    private async Task AssertNothingHalfWrittenAsync(HttpClient admin, long versionId)
    {
        var version = await admin.GetFromJsonAsync<JsonElement>($"/api/datasets/{versionId}");
        Assert.Equal("Failed", version.GetProperty("state").GetString());
        Assert.Contains("Interrupted by a restart", version.GetProperty("failure").GetString());
        Assert.Equal(0, Scalar($"SELECT COUNT(*) FROM DatasetItems WHERE DatasetVersionId = {versionId}"));
        Assert.Equal(0, Scalar($"SELECT COUNT(*) FROM DatasetFiles WHERE DatasetVersionId = {versionId}"));
        Assert.Empty(PartFiles);
        Assert.False(Directory.Exists(Path.Combine(DatasetsDirectory, versionId.ToString())));
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM Jobs WHERE State IN (0, 1)"));
        Assert.Equal(HttpStatusCode.Conflict, (await admin.GetAsync($"/api/datasets/{versionId}/download?format=jsonl")).StatusCode);
    }

    [Fact]
    public async Task WebApp_KilledWhileBuildingAndWhileWriting_RestartLeavesNothingHalfWritten_AndTheVersionBuildsAgain()
    {
        var projectId = await SeedAsync();
        long building, writing;
        await using (var app = await AppProcess.StartAsync(_database.ConnectionString))
        {
            var admin = await SignInAsync(app);
            building = await CreateAsync(admin, projectId, "jsonl");
            await WaitForAsync(() => ItemsPartBytes(building) >= 1 << 20, "the build to freeze its first megabyte of items", () => app.Log);
            app.Kill();
        }
        Assert.True(ItemsPartBytes(building) >= 1 << 20);

        await using (var app = await AppProcess.StartAsync(_database.ConnectionString))
        {
            var admin = await SignInAsync(app);
            await AssertNothingHalfWrittenAsync(admin, building);
            writing = await CreateAsync(admin, projectId, "json", "parquet", "csv");
            await WaitForAsync(() => PartFiles.Count > 0, "a file being written", () => app.Log);
            app.Kill();
        }
        Assert.NotEmpty(PartFiles);

        await using var restarted = await AppProcess.StartAsync(_database.ConnectionString);
        var again = await SignInAsync(restarted);
        await AssertNothingHalfWrittenAsync(again, writing);
        var version = await again.CreateVersionAsync(projectId, new { formats = new[] { "jsonl" } });
        Assert.Equal(Tasks, version.GetProperty("taskCount").GetInt32());
        Assert.Equal(Tasks, (await again.DownloadAsync(version.GetProperty("id").GetInt64(), "jsonl")).Count(b => b == (byte)'\n'));
    }
}
