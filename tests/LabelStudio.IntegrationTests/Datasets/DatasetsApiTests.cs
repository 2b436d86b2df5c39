using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LabelStudio.IntegrationTests.Infrastructure;
using LabelStudio.IntegrationTests.Review;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.IntegrationTests.Datasets;

/// <summary>Dataset versions through the API: frozen final labels, the same bytes on every download, parents, diffs,
/// statistics, manifests, cards, and who may do what.</summary>
public sealed class DatasetsApiTests : IAsyncLifetime
{
    private ReviewScenario _s = null!;

    public async Task InitializeAsync() => _s = await ReviewScenario.StartAsync();

    public async Task DisposeAsync() => await _s.DisposeAsync();

    [Fact]
    public async Task CreateVersion_FinalLabels_FreezesLabelsWithOriginAndLaterLabelingChangesNothing()
    {
        var (project, tasks) = await _s.LabeledProjectAsync();
        var v1 = await _s.Lead.CreateVersionAsync(project, new { name = "First cut", formats = new[] { "jsonl", "csv" } });
        Assert.Equal("Ready", v1.GetProperty("state").GetString());
        Assert.Equal(3, v1.GetProperty("taskCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, v1.GetProperty("parentId").ValueKind);
        var id1 = v1.GetProperty("id").GetInt64();

        var jsonl = await _s.Lead.DownloadAsync(id1, "jsonl");
        var lines = Encoding.UTF8.GetString(jsonl).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(tasks[..3], lines.Select(l => l.GetProperty("task_id").GetInt64()));
        Assert.Equal(["Positive", "Negative", "Positive"], lines.Select(l => l.GetProperty("labels").GetProperty("sentiment").GetString()));
        Assert.Equal(["consensus", "consensus", "resolution"],
            lines.Select(l => l.GetProperty("final").GetProperty("sentiment").GetProperty("origin").GetString()));
        Assert.Equal(3, lines[0].GetProperty("final").GetProperty("sentiment").GetProperty("n_ratings").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, lines[2].GetProperty("final").GetProperty("sentiment").GetProperty("resolution_id").ValueKind);

        await _s.ChoicesAsync(project, "Neutral", "Neutral", "Neutral");
        Assert.Equal(jsonl, await _s.Lead.DownloadAsync(id1, "jsonl"));
        var v2 = await _s.Lead.CreateVersionAsync(project, new { name = "Second cut" });
        Assert.Equal(id1, v2.GetProperty("parentId").GetInt64());
        Assert.Equal(4, v2.GetProperty("taskCount").GetInt32());
        Assert.Equal(2, v2.GetProperty("number").GetInt32());

        var diff = await _s.Lead.GetFromJsonAsync<JsonElement>($"/api/datasets/{v2.GetProperty("id").GetInt64()}/diff?against={id1}");
        Assert.Equal(1, diff.GetProperty("added").GetInt32());
        Assert.Equal(0, diff.GetProperty("removed").GetInt32());
        Assert.Equal(3, diff.GetProperty("unchanged").GetInt32());
        Assert.Equal(tasks[3], diff.GetProperty("addedTaskIds")[0].GetInt64());
    }

    [Fact]
    public async Task Download_FormatNotWrittenYet_Returns202WithTheExportJob_ThenTheFile()
    {
        var (project, _) = await _s.LabeledProjectAsync();
        var id = (await _s.Lead.CreateVersionAsync(project, new { name = "Only JSON Lines", formats = new[] { "jsonl" } })).GetProperty("id").GetInt64();

        var first = await _s.Lead.GetAsync($"/api/datasets/{id}/download?format=csv");
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var job = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"/api/jobs/{job.GetProperty("id").GetInt64()}", first.Headers.Location?.OriginalString);
        Assert.Equal("dataset-export", job.GetProperty("kind").GetString());
        var done = await _s.Lead.WaitForJobAsync(first.Headers.Location!.OriginalString, 120);
        Assert.Equal("Succeeded", done.GetProperty("state").GetString());

        var second = await _s.Lead.GetAsync($"/api/datasets/{id}/download?format=csv");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.StartsWith("task_id,", await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CreateVersion_TaskMarkedInvalid_IsLeftOutOfTheFinalLabels()
    {
        var (project, tasks) = await _s.LabeledProjectAsync();
        var invalid = await _s.Lead.PostAsJsonAsync($"/api/tasks/{tasks[0]}/resolution", new { decision = "invalid", comment = "not a review" });
        Assert.True(invalid.IsSuccessStatusCode, await invalid.Content.ReadAsStringAsync());

        var version = await _s.Lead.CreateVersionAsync(project, new { name = "Without the invalid one", formats = new[] { "jsonl" } });
        Assert.Equal(2, version.GetProperty("taskCount").GetInt32());
        var jsonl = await _s.Lead.DownloadAsync(version.GetProperty("id").GetInt64(), "jsonl");
        var ids = Encoding.UTF8.GetString(jsonl).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("task_id").GetInt64()).ToList();
        Assert.Equal(tasks[1..3], ids);
    }

    [Fact]
    public async Task CreateAndDownload_AreAudited_WithWhoAndWhichVersion()
    {
        var (project, _) = await _s.LabeledProjectAsync();
        var version = await _s.Lead.CreateVersionAsync(project, new { name = "Audited", formats = new[] { "jsonl" } });
        var id = version.GetProperty("id").GetInt64();
        await _s.Lead.DownloadAsync(id, "jsonl");

        var events = await _s.App.QueryAsync(db => db.AuditEvents
            .Where(e => e.ProjectId == project && e.Action.StartsWith("dataset.")).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal([Data.Audit.AuditActions.DatasetCreated, Data.Audit.AuditActions.DatasetDownloaded], events.Select(e => e.Action));
        Assert.All(events, e => Assert.Equal((_s.LeadId, "lead@test.local"), (e.ActorId, e.ActorEmail)));
        Assert.All(events, e => Assert.Contains(id.ToString(System.Globalization.CultureInfo.InvariantCulture), e.TargetId + " " + e.Details));
        var log = await _s.Admin.GetFromJsonAsync<JsonElement>($"/api/audit?action=dataset.downloaded&projectId={project}");
        Assert.Equal(1, log.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task CreateVersion_SameLabelsTwice_SameContentHashAndSameFileBytes()
    {
        var (project, _) = await _s.LabeledProjectAsync();
        // The same inputs: the quality recompute (which refreshes posteriors) has run, so nothing changes between the two.
        using (var scope = _s.App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<Data.Quality.QualityRecomputer>().RecomputeAsync(project);
        }
        var a = await _s.Lead.CreateVersionAsync(project, new { formats = new[] { "jsonl", "csv", "parquet" } });
        var b = await _s.Lead.CreateVersionAsync(project, new { formats = new[] { "jsonl", "csv", "parquet" } });
        Assert.Equal(a.GetProperty("contentSha256").GetString(), b.GetProperty("contentSha256").GetString());
        foreach (var format in new[] { "jsonl", "csv", "parquet" })
        {
            Assert.Equal(await _s.Lead.DownloadAsync(a.GetProperty("id").GetInt64(), format), await _s.Lead.DownloadAsync(b.GetProperty("id").GetInt64(), format));
        }
    }

    [Fact]
    public async Task StatsManifestAndCard_DescribeTheVersionAndItsLineage()
    {
        var (project, _) = await _s.LabeledProjectAsync();
        var v = await _s.Lead.CreateVersionAsync(project, new { name = "Described", description = "For the sentiment model.", formats = new[] { "jsonl" } });
        var id = v.GetProperty("id").GetInt64();
        var stats = await _s.Lead.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}/stats");
        var labels = stats.GetProperty("controls")[0].GetProperty("labels").EnumerateArray()
            .ToDictionary(l => l.GetProperty("value").GetString()!, l => l.GetProperty("count").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["Negative"] = 1, ["Positive"] = 2 }, labels);

        var manifest = await _s.Lead.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}/manifest");
        var lineage = manifest.GetProperty("lineage");
        Assert.Equal("reviews.jsonl", lineage.GetProperty("importBatches")[0].GetProperty("fileName").GetString());
        Assert.Equal(64, lineage.GetProperty("importBatches")[0].GetProperty("sha256").GetString()!.Length);
        Assert.Equal(3, lineage.GetProperty("raters").GetArrayLength());
        Assert.Equal(1, lineage.GetProperty("resolutions").GetProperty("count").GetInt32());
        Assert.Equal(64, lineage.GetProperty("configVersions")[0].GetProperty("sha256").GetString()!.Length);
        var file = manifest.GetProperty("files")[0];
        Assert.Equal("jsonl", file.GetProperty("format").GetString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await _s.Lead.DownloadAsync(id, "jsonl"))),
            file.GetProperty("sha256").GetString());
        Assert.Equal(manifest.ToString(), (await _s.Lead.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}/manifest")).ToString());

        var card = await _s.Lead.GetStringAsync($"/api/datasets/{id}/card");
        Assert.StartsWith("# Described", card);
        Assert.Contains("sentiment (choices): Positive, Negative, Neutral", card);
        Assert.Contains("## Known caveats", card);
    }

    [Fact]
    public async Task Raters_CannotCreateListOrDownload_LeadsOfOtherProjectsDoNotSeeIt()
    {
        var (project, _) = await _s.LabeledProjectAsync();
        var v = await _s.Lead.CreateVersionAsync(project, new { formats = new[] { "jsonl" } });
        var id = v.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.Forbidden, (await _s.Raters[0].PostAsJsonAsync($"/api/projects/{project}/datasets", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _s.Raters[0].GetAsync($"/api/datasets/{id}/download?format=jsonl")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _s.Raters[0].GetAsync($"/api/projects/{project}/datasets")).StatusCode);
        // The refusal says who may, in the API's body.
        const string who = "Only administrators and this project's leads can open dataset versions.";
        var refused = await _s.Raters[0].GetAsync($"/api/datasets/{id}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains(who, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The Data page's API (validation) the same way, with its own words.
        const string data = "Only administrators and this project's leads can see its data validation.";
        var schema = await _s.Raters[0].GetAsync($"/api/projects/{project}/schema");
        Assert.Equal(HttpStatusCode.Forbidden, schema.StatusCode);
        Assert.Contains(data, await schema.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await _s.Raters[0].GetFromJsonAsync<JsonElement[]>("/api/datasets") ?? []);
        var catalog = await _s.Lead.GetFromJsonAsync<JsonElement[]>("/api/datasets?search=positive");
        Assert.Single(catalog!);
        Assert.Empty(await _s.Lead.GetFromJsonAsync<JsonElement[]>("/api/datasets?search=no-such-label") ?? []);
    }

    [Fact]
    public async Task Create_BadRequest_NamesTheField()
    {
        var (project, _) = await _s.LabeledProjectAsync();
        var response = await _s.Lead.PostAsJsonAsync($"/api/projects/{project}/datasets",
            new { formats = new[] { "conll", "xml" }, split = new { train = 0.8, validation = 0.3, test = 0.1 } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = string.Join("\n", problem.GetProperty("errors").GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("split: train, validation and test must add up to 1.", errors);
        Assert.Contains("formats: \"xml\" is not one of", errors);
        Assert.Contains("formats: conll: CoNLL-2003 needs a Labels control", errors);
    }

    [Fact]
    public async Task Split_IsStratifiedByLabel_AndTheSameForTheSameSeed()
    {
        var texts = Enumerable.Range(0, 40).Select(i => $"text {i}").ToArray();
        var project = await _s.ProjectAsync("Split", 1);
        await _s.ImportWithGoldAsync(project, [.. texts.Select((t, i) => (t, (string?)(i % 4 == 0 ? "Negative" : "Positive")))]);
        var body = new { formats = new[] { "jsonl" }, split = new { train = 0.5, validation = 0.25, test = 0.25, seed = 7 } };
        var a = await _s.Admin.CreateVersionAsync(project, body);
        var b = await _s.Admin.CreateVersionAsync(project, body);
        var rows = Encoding.UTF8.GetString(await _s.Admin.DownloadAsync(a.GetProperty("id").GetInt64(), "jsonl"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var counts = rows.GroupBy(r => (r.GetProperty("labels").GetProperty("sentiment").GetString(), r.GetProperty("split").GetString()))
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(15, counts[("Positive", "train")]);
        Assert.Equal(5, counts[("Negative", "train")]);
        Assert.Equal(3, counts[("Negative", "validation")]);
        Assert.Equal(2, counts[("Negative", "test")]);
        Assert.Equal(await _s.Admin.DownloadAsync(a.GetProperty("id").GetInt64(), "jsonl"), await _s.Admin.DownloadAsync(b.GetProperty("id").GetInt64(), "jsonl"));
        Assert.All(rows, r => Assert.Equal("gold", r.GetProperty("final").GetProperty("sentiment").GetProperty("origin").GetString()));
    }
}
