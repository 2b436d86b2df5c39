using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LabelStudio.Data.Identity;
using LabelStudio.Feedback.Calibration;
using LabelStudio.Feedback.Synthetic;
using LabelStudio.IntegrationTests.Cli;
using LabelStudio.IntegrationTests.Infrastructure;

namespace LabelStudio.IntegrationTests.Feedback;

/// <summary>
/// Per-ranker evaluation and per-segment precision over a real server and SQLite file: the evidence is stored per ingest,
/// adds up across ingests and stops counting on rollback; the API and the CLI report the same figures.
/// </summary>
public sealed class RankerEvaluationTests : IAsyncLifetime
{
    private readonly KestrelAppFactory _app = new();
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        await _app.CreateUserAsync("admin@test.local", Roles.Admin);
        _admin = await _app.SignInAsync("admin@test.local");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>ranker-v1 orders by true grade with little noise, ranker-v2 with a lot; a third of impressions interleave them.</summary>
    private static SyntheticClickLog Log(int impressions = 16_000) => SyntheticClickLog.Create(new SyntheticClickLogOptions
    {
        Impressions = impressions, Queries = 80, DocsPerQuery = 20, ResultsPerPage = 10, Users = 600, BotUsers = 3, SpamPairs = 2,
        RankerNoise = [0.6, 3.0], InterleavingShare = 0.3, Seed = 21,
    });

    private async Task<long> ProjectAsync(string name) => await _app.CreateProjectAsync(name, overlap: 1, xml: FeedbackApiTests.RelevanceConfig);

    private async Task<long> IngestAsync(long projectId, byte[] body, string fileName)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        var response = await _admin.PostAsync($"/api/projects/{projectId}/feedback/ingest?fileName={fileName}&format=native", content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ingest").GetProperty("id").GetInt64();
    }

    private Task<JsonElement> RankersAsync(long projectId, string query = "") =>
        _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{projectId}/feedback/rankers{query}");

    private static long Impressions(JsonElement report) =>
        report.GetProperty("rankers").EnumerateArray().Sum(r => r.GetProperty("impressions").GetInt64());

    private static JsonElement Metric(JsonElement comparison, string key) =>
        comparison.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == key);

    [Fact]
    public async Task Rankers_LogWithABetterRanker_ApiAndCliReportIt()
    {
        var log = Log();
        var project = await ProjectAsync("Rankers");
        using (var seed = new MemoryStream())
        {
            SeedReader.Write(seed, log.SampleSeed(300));
            var seeded = await _admin.PostAsync($"/api/projects/{project}/feedback/seed?fileName=seed.tsv", new ByteArrayContent(seed.ToArray()));
            Assert.Equal(HttpStatusCode.Created, seeded.StatusCode);
        }
        await IngestAsync(project, FeedbackApiTests.Bytes(log), "clicks.jsonl");

        var report = await RankersAsync(project, "?a=ranker-v2&b=ranker-v1");

        Assert.Equal(["ranker-v1", "ranker-v2"], report.GetProperty("rankers").EnumerateArray().Select(r => r.GetProperty("ranker").GetString()).Order());
        var comparison = report.GetProperty("comparison");
        Assert.Equal("ranker-v2", comparison.GetProperty("rankerA").GetString());
        foreach (var key in new[] { "ndcg_at_10", "precision_at_5" })
        {
            var d = Metric(comparison, key);
            Assert.Equal("b_better", d.GetProperty("verdict").GetString());
            Assert.True(d.GetProperty("low").GetDouble() > 0);
            Assert.StartsWith("ranker-v1 better than ranker-v2 by ", d.GetProperty("statement").GetString(), StringComparison.Ordinal);
        }
        var interleaving = Assert.Single(report.GetProperty("interleaving").EnumerateArray());
        Assert.Equal("ranker-v1", interleaving.GetProperty("winner").GetString());
        Assert.True(interleaving.GetProperty("pValue").GetDouble() < 0.01);

        var segments = await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/feedback/segments");
        var rows = segments.GetProperty("segments").EnumerateArray().ToArray();
        Assert.Equal(["head", "torso", "tail"], rows.Select(s => s.GetProperty("segment").GetString()));
        Assert.Equal(80, rows.Sum(s => s.GetProperty("queries").GetInt32()));
        Assert.All(rows, s => Assert.True(s.GetProperty("seedDecided").GetInt32() > 0));

        var cli = new CliRunner(_app.Database.ConnectionString);
        var json = await cli.RunAsync("feedback", "rankers", "--project", project.ToString(), "--a", "ranker-v2", "--b", "ranker-v1", "--json");
        Assert.Equal(0, json.ExitCode);
        var fromCli = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal(Metric(comparison, "ndcg_at_10").GetProperty("difference").GetDouble(),
            Metric(fromCli.GetProperty("comparison"), "ndcg_at_10").GetProperty("difference").GetDouble());
        var text = await cli.RunAsync("feedback", "rankers", "--project", project.ToString(), "--a", "ranker-v2", "--b", "ranker-v1");
        Assert.Contains("ranker-v1 better than ranker-v2 by", text.Stdout);
        var seg = await cli.RunAsync("feedback", "segments", "--project", project.ToString());
        Assert.Equal(0, seg.ExitCode);
        Assert.Contains("tail", seg.Stdout);
    }

    [Fact]
    public async Task Rankers_SecondIngestAndRollback_EvidenceAddsUpAndIsSubtracted()
    {
        var lines = Encoding.UTF8.GetString(FeedbackApiTests.Bytes(Log(6_000))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var a = Encoding.UTF8.GetBytes(string.Join('\n', lines.Take(lines.Length / 2)) + "\n");
        var b = Encoding.UTF8.GetBytes(string.Join('\n', lines.Skip(lines.Length / 2)) + "\n");
        var project = await ProjectAsync("Accumulating");

        await IngestAsync(project, a, "a.jsonl");
        var first = await RankersAsync(project);
        // Computed once per state of the evidence: the next calls reuse it, until an ingest, a rollback or a recompute.
        var again = await RankersAsync(project);
        var segments = await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/feedback/segments");
        var segmentsAgain = await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/feedback/segments");
        Assert.False(first.GetProperty("cached").GetBoolean());
        Assert.True(again.GetProperty("cached").GetBoolean());
        Assert.Equal(first.GetProperty("rankers").GetRawText(), again.GetProperty("rankers").GetRawText());
        Assert.False(segments.GetProperty("cached").GetBoolean());
        Assert.True(segmentsAgain.GetProperty("cached").GetBoolean());
        var second = await IngestAsync(project, b, "b.jsonl");
        var both = await RankersAsync(project);
        Assert.False(both.GetProperty("cached").GetBoolean());
        Assert.False((await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/feedback/segments")).GetProperty("cached").GetBoolean());
        var rollback = await _admin.PostAsync($"/api/projects/{project}/feedback/ingests/{second}/rollback", null);
        Assert.Equal(HttpStatusCode.Accepted, rollback.StatusCode);
        var job = await rollback.Content.ReadFromJsonAsync<JsonElement>();
        await _admin.WaitForJobAsync($"/api/jobs/{job.GetProperty("id").GetInt64()}");
        var after = await RankersAsync(project);
        Assert.False(after.GetProperty("cached").GetBoolean());

        Assert.Equal(1, first.GetProperty("evidenceIngests").GetInt32());
        Assert.Equal(2, both.GetProperty("evidenceIngests").GetInt32());
        Assert.True(Impressions(both) > Impressions(first));
        Assert.Equal(Impressions(first), Impressions(after));
        var winsBoth = both.GetProperty("interleaving")[0].GetProperty("winsA").GetInt64();
        Assert.True(winsBoth > first.GetProperty("interleaving")[0].GetProperty("winsA").GetInt64());
        Assert.Equal(first.GetProperty("interleaving")[0].GetProperty("winsA").GetInt64(), after.GetProperty("interleaving")[0].GetProperty("winsA").GetInt64());
    }

    [Fact]
    public async Task Rankers_UnknownRankerOrNoEvidence_AnsweredPlainly()
    {
        var project = await ProjectAsync("Empty");

        var empty = await RankersAsync(project);
        var unknown = await _admin.GetAsync($"/api/projects/{project}/feedback/rankers?a=nobody");

        Assert.Empty(empty.GetProperty("rankers").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("comparison").ValueKind);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("nobody", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/projects/999999/feedback/rankers")).StatusCode);
    }
}
