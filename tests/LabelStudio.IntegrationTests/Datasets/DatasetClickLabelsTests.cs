using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LabelStudio.Data.Feedback;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Projects;
using LabelStudio.IntegrationTests.Cli;
using LabelStudio.IntegrationTests.Feedback;
using LabelStudio.IntegrationTests.Infrastructure;

namespace LabelStudio.IntegrationTests.Datasets;

/// <summary>
/// The click-label file of a dataset version: the project's full click-label export as of the generation the version
/// recorded, kept byte for byte through later ingests, recomputes and setting changes, with its lineage in the manifest.
/// </summary>
public sealed class DatasetClickLabelsTests : IAsyncLifetime
{
    private readonly KestrelAppFactory _app = new(settings: new Dictionary<string, string?> { ["Quality:DebounceMilliseconds"] = "600000" });
    private HttpClient _admin = null!;
    private HttpClient _lead = null!;
    private HttpClient _rater = null!;
    private string _leadId = "";
    private string _raterId = "";

    public async Task InitializeAsync()
    {
        await _app.CreateUserAsync("admin@test.local", Roles.Admin);
        _leadId = await _app.CreateUserAsync("lead@test.local", Roles.Lead);
        _raterId = await _app.CreateUserAsync("rater@test.local", Roles.Rater);
        _admin = await _app.SignInAsync("admin@test.local");
        _lead = await _app.SignInAsync("lead@test.local");
        _rater = await _app.SignInAsync("rater@test.local");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<long> ProjectAsync(string name)
    {
        var id = await _app.CreateProjectAsync(name, overlap: 1, xml: FeedbackApiTests.RelevanceConfig);
        await _app.AddMemberAsync(id, _raterId);
        await _app.AddMemberAsync(id, _leadId, ProjectRole.Lead);
        return id;
    }

    private async Task IngestAsync(long projectId, int seed, string fileName)
    {
        var content = new ByteArrayContent(FeedbackApiTests.Bytes(FeedbackApiTests.Log(seed, 5000)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        var response = await _admin.PostAsync($"/api/projects/{projectId}/feedback/ingest?fileName={fileName}&format=native", content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A seed grading the top result of the log's first impressions 2: relevant at the default grade, not at 3.</summary>
    private async Task SeedAsync(long projectId, int seed)
    {
        var tsv = new StringBuilder("query_id\tdoc_id\tgrade\n");
        var lines = Encoding.UTF8.GetString(FeedbackApiTests.Bytes(FeedbackApiTests.Log(seed, 5000))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var pair in lines.Take(200).Select(l => JsonDocument.Parse(l).RootElement)
                     .Select(e => (e.GetProperty("query_id").GetString(), e.GetProperty("results")[0].GetString())).Distinct().Take(20))
        {
            tsv.Append(pair.Item1).Append('\t').Append(pair.Item2).Append("\t2\n");
        }
        var response = await _admin.PostAsync($"/api/projects/{projectId}/feedback/seed?fileName=seed.tsv", new StringContent(tsv.ToString()));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<byte[]> LiveExportAsync(long projectId) =>
        await (await _admin.GetAsync($"/api/projects/{projectId}/feedback/labels?format=tsv")).Content.ReadAsByteArrayAsync();

    private static JsonElement ClickFile(JsonElement version) =>
        version.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("format").GetString() == "click-labels");

    [Fact]
    public async Task ClickLabelFile_AfterAnotherIngestAndRecompute_KeepsItsBytesAndLineage()
    {
        var project = await ProjectAsync("Click labels");
        await SeedAsync(project, 5);
        await IngestAsync(project, 5, "monday.jsonl");
        var live1 = await LiveExportAsync(project);
        var v1 = await _admin.CreateVersionAsync(project, new { name = "Monday", formats = new[] { "jsonl" } });
        var id1 = v1.GetProperty("id").GetInt64();

        // Written when the version is built, listed among its files with its SHA-256 and row count.
        Assert.Contains("click-labels", v1.GetProperty("formats").EnumerateArray().Select(f => f.GetString()));
        var file1 = ClickFile(v1);
        var bytes1 = await _admin.DownloadAsync(id1, "click-labels");
        Assert.Equal(live1, bytes1);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes1)), file1.GetProperty("sha256").GetString());
        var lines1 = Encoding.UTF8.GetString(bytes1).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join('\t', FeedbackLabelExporter.Columns), lines1[0]);
        Assert.Equal(lines1.Length - 1, file1.GetProperty("rowCount").GetInt32());
        Assert.True(lines1.Length > 100, $"{lines1.Length} lines");
        var seeded = lines1.Skip(1).Select(l => l.Split('\t')).Where(f => f[5] == "seed").ToList();
        Assert.NotEmpty(seeded);
        Assert.All(seeded, f => Assert.Equal("1", f[4]));

        var manifest1 = await _admin.GetFromJsonAsync<JsonElement>($"/api/datasets/{id1}/manifest");
        var listed = manifest1.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("format").GetString() == "click-labels");
        Assert.Equal(file1.GetProperty("sha256").GetString(), listed.GetProperty("sha256").GetString());
        Assert.Equal($"project-{project}-dataset-v1-click-labels.tsv", listed.GetProperty("file").GetString());
        var ingest1 = Assert.Single(manifest1.GetProperty("lineage").GetProperty("clickLogIngests").EnumerateArray());
        Assert.Equal("monday.jsonl", ingest1.GetProperty("fileName").GetString());
        Assert.Equal(64, ingest1.GetProperty("sha256").GetString()!.Length);
        Assert.True(ingest1.GetProperty("linesRead").GetInt64() >= 5000, ingest1.ToString());
        Assert.True(ingest1.GetProperty("linesRejected").GetInt64() >= 0);
        Assert.True(ingest1.GetProperty("impressions").GetInt64() > 4000, ingest1.ToString());
        Assert.True(ingest1.GetProperty("pairs").GetInt32() > 100, ingest1.ToString());

        // Another ingest, a changed relevant grade and a recompute: the evidence, the labels and the setting all move on.
        await IngestAsync(project, 6, "tuesday.jsonl");
        var settings = await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/feedback");
        var update = JsonSerializer.Deserialize<Dictionary<string, object>>(settings.GetProperty("settings").GetRawText())!;
        update["relevantMinGrade"] = 3;
        Assert.True((await _admin.PutAsJsonAsync($"/api/projects/{project}/feedback/settings", update)).IsSuccessStatusCode);
        var recompute = await _admin.PostAsync($"/api/projects/{project}/feedback/recompute", null);
        var job = await recompute.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Succeeded", (await _admin.WaitForJobAsync($"/api/jobs/{job.GetProperty("id").GetInt64()}")).GetProperty("state").GetString());
        var live2 = Encoding.UTF8.GetString(await LiveExportAsync(project)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Under grade 3 the seed's grade-2 pairs are not relevant any more.
        Assert.All(live2.Skip(1).Select(l => l.Split('\t')).Where(f => f[5] == "seed"), f => Assert.Equal("0", f[4]));

        // Version 1 still serves the same bytes, its manifest the same lineage; it rebuilds identical under the new setting.
        Assert.Equal(bytes1, await _admin.DownloadAsync(id1, "click-labels"));
        var again = await _admin.GetFromJsonAsync<JsonElement>($"/api/datasets/{id1}/manifest");
        Assert.Equal(manifest1.GetProperty("lineage").GetRawText(), again.GetProperty("lineage").GetRawText());
        var rebuilt = await (await _admin.PostAsync($"/api/datasets/{id1}/reproduce", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(rebuilt.GetProperty("identical").GetBoolean(), rebuilt.ToString());
        Assert.True(rebuilt.GetProperty("clickLabels").GetProperty("identical").GetBoolean(), rebuilt.ToString());
        Assert.Equal(file1.GetProperty("sha256").GetString(), rebuilt.GetProperty("clickLabels").GetProperty("rebuiltSha256").GetString());

        // Version 2 reads the newest generation: both logs in its lineage, different labels.
        var v2 = await _admin.CreateVersionAsync(project, new { name = "Tuesday", formats = new[] { "jsonl" } });
        Assert.NotEqual(file1.GetProperty("sha256").GetString(), ClickFile(v2).GetProperty("sha256").GetString());
        var manifest2 = await _admin.GetFromJsonAsync<JsonElement>($"/api/datasets/{v2.GetProperty("id").GetInt64()}/manifest");
        Assert.Equal(["monday.jsonl", "tuesday.jsonl"], manifest2.GetProperty("lineage").GetProperty("clickLogIngests").EnumerateArray()
            .Select(i => i.GetProperty("fileName").GetString()!).ToArray());
        Assert.Equal(3, manifest2.GetProperty("consensus").GetProperty("clickRelevantMinGrade").GetInt32());
        Assert.Equal(2, manifest1.GetProperty("consensus").GetProperty("clickRelevantMinGrade").GetInt32());
    }

    [Fact]
    public async Task ClickLabelDownload_ByRole_AdminsLeadsAndCli_OnlyWithClickFeedback()
    {
        var project = await ProjectAsync("Click labels access");
        await IngestAsync(project, 7, "clicks.jsonl");
        var id = (await _admin.CreateVersionAsync(project, new { formats = new[] { "jsonl" } })).GetProperty("id").GetInt64();

        Assert.Equal(HttpStatusCode.Forbidden, (await _rater.GetAsync($"/api/datasets/{id}/download?format=click-labels")).StatusCode);
        var lead = await _lead.GetAsync($"/api/datasets/{id}/download?format=click-labels");
        Assert.Equal(HttpStatusCode.OK, lead.StatusCode);
        Assert.Equal("text/tab-separated-values", lead.Content.Headers.ContentType?.MediaType);

        // The command line writes the same file.
        var output = Path.Combine(Path.GetTempPath(), $"click-labels-{Guid.NewGuid():N}.tsv");
        try
        {
            var cli = await new CliRunner(_app.Database.ConnectionString).RunAsync("export", "--project", project.ToString(), "--version", "1",
                "--format", "click-labels", "--out", output);
            Assert.True(cli.ExitCode == 0, cli.Stderr);
            Assert.Contains("as click-labels", cli.Stdout, StringComparison.Ordinal);
            Assert.Equal(await lead.Content.ReadAsByteArrayAsync(), await File.ReadAllBytesAsync(output));
        }
        finally
        {
            File.Delete(output);
        }

        var plain = await ProjectAsync("No clicks");
        var other = await _admin.CreateVersionAsync(plain, new { formats = new[] { "jsonl" } });
        Assert.DoesNotContain("click-labels", other.GetProperty("formats").EnumerateArray().Select(f => f.GetString()));
        var refused = await _admin.GetAsync($"/api/datasets/{other.GetProperty("id").GetInt64()}/download?format=click-labels");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("no click labels", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
