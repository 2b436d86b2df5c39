using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LabelStudio.Data.Feedback;
using LabelStudio.Data.Identity;
using LabelStudio.Feedback.Calibration;
using LabelStudio.Feedback.Synthetic;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.IntegrationTests.Feedback;

/// <summary>Click-log ingest through the REST API into a real SQLite file: labels, tasks, seed calibration, access.</summary>
public sealed class FeedbackApiTests : IAsyncLifetime
{
    /// <summary>A relevance-judging configuration that reads only the keys a click-feedback task carries.</summary>
    public const string RelevanceConfig = """
        <View>
          <Header value="Is the document relevant to the query?"/>
          <Text name="query" value="$query"/>
          <Text name="doc" value="$doc"/>
          <Choices name="relevance" toName="doc" choice="single-radio" required="true">
            <Choice value="Relevant"/>
            <Choice value="Not relevant"/>
          </Choices>
        </View>
        """;

    // The project's quality recompute (which re-scores single-rater tasks with the Dawid-Skene model) waits, so that a
    // rater's answer stays the agreed consensus for the whole test.
    private readonly KestrelAppFactory _app = new(settings: new Dictionary<string, string?> { ["Quality:DebounceMilliseconds"] = "600000" });
    private HttpClient _admin = null!;
    private HttpClient _rater = null!;
    private string _raterId = "";

    public async Task InitializeAsync()
    {
        await _app.CreateUserAsync("admin@test.local", Roles.Admin);
        _raterId = await _app.CreateUserAsync("rater@test.local", Roles.Rater);
        _admin = await _app.SignInAsync("admin@test.local");
        _rater = await _app.SignInAsync("rater@test.local");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    internal static SyntheticClickLog Log(int seed = 42, int impressions = 6000) => SyntheticClickLog.Create(new SyntheticClickLogOptions
    {
        Impressions = impressions, Queries = 60, DocsPerQuery = 20, ResultsPerPage = 10, Users = 500, BotUsers = 3,
        SpamPairs = 2, SpamImpressionsPerPair = 30, Seed = seed,
    });

    internal static byte[] Bytes(SyntheticClickLog log)
    {
        using var stream = new MemoryStream();
        log.WriteJsonl(stream);
        return stream.ToArray();
    }

    private static async Task<HttpResponseMessage> IngestAsync(HttpClient client, long projectId, byte[] body, string fileName = "clicks.jsonl")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        return await client.PostAsync($"/api/projects/{projectId}/feedback/ingest?fileName={fileName}&format=native", content);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    private async Task<long> ProjectAsync(string name, int overlap = 1, string? xml = null)
    {
        var id = await _app.CreateProjectAsync(name, overlap: overlap, xml: xml ?? RelevanceConfig);
        await _app.AddMemberAsync(id, _raterId);
        return id;
    }

    [Fact]
    public async Task Ingest_StoresLabelsWithEvidence_AndTheSameFileAgainChangesNothing()
    {
        var project = await ProjectAsync("Clicks");
        var body = Bytes(Log());

        var response = await IngestAsync(_admin, project, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var result = await JsonAsync(response);
        Assert.False(result.GetProperty("duplicate").GetBoolean());
        var ingest = result.GetProperty("ingest");
        Assert.Equal("Succeeded", ingest.GetProperty("state").GetString());
        var pairs = ingest.GetProperty("outcome").GetProperty("pairs").GetInt32();
        Assert.True(pairs > 100, $"pairs: {pairs}");
        Assert.True(ingest.GetProperty("counters").GetProperty("duplicateImpressions").GetInt64() > 0);
        Assert.True(ingest.GetProperty("counters").GetProperty("collapsedClicks").GetInt64() > 0);

        var (labels, tasks, ingests) = await CountsAsync(project);
        Assert.Equal(pairs, labels);
        Assert.Equal(ingest.GetProperty("outcome").GetProperty("tasksCreated").GetInt32(), tasks);
        Assert.Equal(1, ingests);

        var stored = await _app.QueryAsync(db => db.FeedbackLabels.AsNoTracking().Where(l => l.ProjectId == project)
            .OrderByDescending(l => l.Score).FirstAsync());
        using (var evidence = JsonDocument.Parse(stored.EvidenceJson))
        {
            Assert.True(evidence.RootElement.GetProperty("impressions").GetInt32() > 0);
            Assert.True(evidence.RootElement.GetProperty("ranks").GetArrayLength() > 0);
            Assert.True(evidence.RootElement.GetProperty("ranks")[0].TryGetProperty("theta", out _));
        }
        Assert.Contains("target_precision", stored.CalibrationJson, StringComparison.Ordinal);

        var overview = await JsonAsync(await _admin.GetAsync($"/api/projects/{project}/feedback"));
        var theta = overview.GetProperty("latest").GetProperty("theta");
        Assert.True(theta.GetArrayLength() >= 5);
        Assert.Equal(1.0, theta[0].GetProperty("theta").GetDouble(), 3);
        Assert.Equal(pairs, overview.GetProperty("labels").GetProperty("total").GetInt32());

        var abstained = await JsonAsync(await _admin.GetAsync($"/api/projects/{project}/feedback/labels?decision=-1&pageSize=10"));
        Assert.True(abstained.GetProperty("total").GetInt32() > 0);
        foreach (var item in abstained.GetProperty("items").EnumerateArray())
        {
            Assert.Equal(-1, item.GetProperty("decision").GetInt32());
            Assert.False(string.IsNullOrEmpty(item.GetProperty("reasonCode").GetString()));
            Assert.True(item.GetProperty("evidence").GetProperty("impressions").GetInt32() >= 0);
        }

        // The same bytes again: reported as a duplicate, and no row changes.
        var again = await IngestAsync(_admin, project, body, "renamed.jsonl");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var second = await JsonAsync(again);
        Assert.True(second.GetProperty("duplicate").GetBoolean());
        Assert.Equal(ingest.GetProperty("id").GetInt64(), second.GetProperty("ingest").GetProperty("id").GetInt64());
        Assert.Equal((labels, tasks, ingests), await CountsAsync(project));
    }

    private Task<(int Labels, int Tasks, int Ingests)> CountsAsync(long project) => _app.QueryAsync(async db => (
        await db.FeedbackLabels.CountAsync(l => l.ProjectId == project),
        await db.Tasks.CountAsync(t => t.ProjectId == project),
        await db.FeedbackIngests.CountAsync(i => i.ProjectId == project)));

    [Fact]
    public async Task Ingest_MalformedLines_AreReportedWithNumbers_AndNotFatal()
    {
        var project = await ProjectAsync("Malformed");
        var lines = Encoding.UTF8.GetString(Bytes(Log(impressions: 1500))).Split('\n').ToList();
        lines.Insert(2, "{not json at all");
        lines.Insert(9, "{\"impression_id\":\"x\"}");
        var response = await IngestAsync(_admin, project, Encoding.UTF8.GetBytes(string.Join('\n', lines)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var ingest = (await JsonAsync(response)).GetProperty("ingest");
        Assert.Equal("Succeeded", ingest.GetProperty("state").GetString());
        var counters = ingest.GetProperty("counters");
        Assert.Equal(2, counters.GetProperty("malformedLines").GetInt64());
        var numbers = counters.GetProperty("malformedExamples").EnumerateArray().Select(m => m.GetProperty("line").GetInt64()).ToList();
        Assert.Equal([3L, 10L], numbers);
        Assert.True(ingest.GetProperty("outcome").GetProperty("pairs").GetInt32() > 0);
    }

    [Fact]
    public async Task AbstainedPairs_BecomeTasksOnce_HighestValueFirst_AndARaterGetsThem()
    {
        var project = await ProjectAsync("Queue");
        var first = (await JsonAsync(await IngestAsync(_admin, project, Bytes(Log(seed: 1))))).GetProperty("ingest");
        var created = first.GetProperty("outcome").GetProperty("tasksCreated").GetInt32();
        Assert.True(created > 0);

        // A second, different log over the same ids: pairs that already have a task are never queued twice.
        var second = (await JsonAsync(await IngestAsync(_admin, project, Bytes(Log(seed: 2)), "other.jsonl"))).GetProperty("ingest");
        Assert.True(second.GetProperty("outcome").GetProperty("tasksAlreadyQueued").GetInt32() > 0);
        var keys = await _app.QueryAsync(db => db.Tasks.Where(t => t.ProjectId == project).Select(t => t.ExternalKey).ToListAsync());
        Assert.All(keys, k => Assert.NotNull(k));
        Assert.Equal(keys.Count, keys.Distinct().Count());
        // Click-feedback tasks go through the same writer as imports, content hash included.
        var hashed = await _app.QueryAsync(db => db.Tasks.Where(t => t.ProjectId == project).Select(t => new { t.DataJson, t.ContentHash }).ToListAsync());
        Assert.All(hashed, t => Assert.Equal(LabelStudio.Core.DataValidation.TaskContentHash.Of(t.DataJson), t.ContentHash));
        // More evidence decides some queued pairs: their tasks are withdrawn (nobody held them), and the counts say so.
        var outcome = second.GetProperty("outcome");
        var queued = await _app.QueryAsync(db => db.Tasks.CountAsync(t => t.ProjectId == project && t.WithdrawnAt == null));
        Assert.Equal(created + outcome.GetProperty("tasksCreated").GetInt32() - outcome.GetProperty("tasksWithdrawn").GetInt32(), queued);
        Assert.Equal(created + outcome.GetProperty("tasksCreated").GetInt32(), keys.Count);

        // Current labels of abstained pairs with a task point at it.
        var linked = await _app.QueryAsync(db => FeedbackService.Current(db, project).CountAsync(l => l.Decision == -1 && l.TaskId == null));
        Assert.Equal(second.GetProperty("outcome").GetProperty("tasksOverCap").GetInt32(), linked);

        var next = await _rater.GetAsync($"/api/projects/{project}/next");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        var assignment = await JsonAsync(next);
        using var data = JsonDocument.Parse(assignment.GetProperty("dataJson").GetString()!);
        foreach (var key in new[] { "query_id", "doc_id", "query", "doc", "reason" })
        {
            Assert.True(data.RootElement.TryGetProperty(key, out _), key);
        }
        var served = assignment.GetProperty("taskId").GetInt64();
        var values = await _app.QueryAsync(db => db.Tasks.Where(t => t.ProjectId == project && t.WithdrawnAt == null)
            .Select(t => new { t.Id, t.MetaJson }).ToListAsync());
        double Value(string meta) => JsonDocument.Parse(meta).RootElement.GetProperty("expected_value").GetDouble();
        long IngestOf(string meta) => JsonDocument.Parse(meta).RootElement.GetProperty("ingest_id").GetInt64();
        // Sequential order serves older tasks first; within an ingest, the highest expected value comes first.
        var firstIngest = first.GetProperty("id").GetInt64();
        var best = values.Where(v => IngestOf(v.MetaJson!) == firstIngest).MaxBy(v => Value(v.MetaJson!))!;
        Assert.Equal(Value(best.MetaJson!), Value(values.Single(v => v.Id == served).MetaJson!), 6);
    }

    [Fact]
    public async Task Rater_CannotIngestOrReadFeedback()
    {
        var project = await ProjectAsync("Denied");
        Assert.Equal(HttpStatusCode.Forbidden, (await IngestAsync(_rater, project, Bytes(Log(impressions: 500)))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _rater.GetAsync($"/api/projects/{project}/feedback")).StatusCode);
        var seed = new StringContent("query_id\tdoc_id\tgrade\nq1\td1\t3\n");
        Assert.Equal(HttpStatusCode.Forbidden, (await _rater.PostAsync($"/api/projects/{project}/feedback/seed", seed)).StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.FeedbackIngests.CountAsync()));
    }

    [Fact]
    public async Task SeedCalibration_ReachesTheTargetPrecision_OnSyntheticTruth()
    {
        var project = await ProjectAsync("Calibrated");
        var log = Log(seed: 5, impressions: 20000);
        var body = Bytes(log);
        using (var seedStream = new MemoryStream())
        {
            SeedReader.Write(seedStream, log.SampleSeed(400));
            var seedResponse = await _admin.PostAsync($"/api/projects/{project}/feedback/seed?fileName=seed.tsv",
                new ByteArrayContent(seedStream.ToArray()));
            Assert.Equal(HttpStatusCode.Created, seedResponse.StatusCode);
            Assert.Equal(400, (await JsonAsync(seedResponse)).GetProperty("rowCount").GetInt32());
        }

        var ingest = (await JsonAsync(await IngestAsync(_admin, project, body))).GetProperty("ingest");
        var calibration = ingest.GetProperty("calibration");
        Assert.Equal("seed", calibration.GetProperty("mode").GetString());
        Assert.True(calibration.GetProperty("targetReached").GetBoolean());
        Assert.Equal(0.95, calibration.GetProperty("targetPrecision").GetDouble(), 6);
        Assert.True(calibration.GetProperty("curve").GetArrayLength() > 2);
        Assert.True(calibration.GetProperty("coverage").GetDouble() > 0.1);

        // Against the generator's known truth, the auto-labels are as precise as promised (with some slack for the sample).
        var decided = await _app.QueryAsync(db => db.FeedbackLabels.AsNoTracking()
            .Where(l => l.ProjectId == project && l.Decision >= 0).Select(l => new { l.QueryId, l.DocId, l.Decision }).ToListAsync());
        Assert.True(decided.Count > 50, $"decided: {decided.Count}");
        var correct = decided.Count(l => log.TryGetGrade(l.QueryId, l.DocId, out var g) && (g >= 2) == (l.Decision == 1));
        var precision = (double)correct / decided.Count;
        Assert.True(precision >= 0.9, $"precision {precision:0.000} on {decided.Count} auto-labels");
    }

    [Fact]
    public async Task ConfigReadingOtherFields_CreatesNoTasks_AndSaysWhy()
    {
        var project = await ProjectAsync("Sentiment", xml: LabelStudio.Core.LabelingConfig.LabelingConfigSamples.TextClassification);
        var ingest = (await JsonAsync(await IngestAsync(_admin, project, Bytes(Log(impressions: 1500))))).GetProperty("ingest");
        Assert.Equal(0, ingest.GetProperty("outcome").GetProperty("tasksCreated").GetInt32());
        Assert.Contains("$text", ingest.GetProperty("outcome").GetProperty("taskNote").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await _app.QueryAsync(db => db.Tasks.CountAsync(t => t.ProjectId == project)));
    }

    [Fact]
    public async Task HumanConsensus_OnFeedbackTasks_IsMeasuredAsReliability()
    {
        var project = await ProjectAsync("Reliability");
        var log = Log(seed: 9);
        await IngestAsync(_admin, project, Bytes(log));

        // The rater judges a few queued pairs by the generator's truth; with overlap 1 each becomes Agreed at once.
        for (var i = 0; i < 8; i++)
        {
            var next = await _rater.GetAsync($"/api/projects/{project}/next");
            if (next.StatusCode != HttpStatusCode.OK) break;
            var assignment = await JsonAsync(next);
            using var data = JsonDocument.Parse(assignment.GetProperty("dataJson").GetString()!);
            log.TryGetGrade(data.RootElement.GetProperty("query_id").GetString()!, data.RootElement.GetProperty("doc_id").GetString()!, out var grade);
            var choice = grade >= 2 ? "Relevant" : "Not relevant";
            var body = $$$"""{"result":[{"id":"r1","from_name":"relevance","to_name":"doc","type":"choices","value":{"choices":["{{{choice}}}"]}}]}""";
            var submit = await _rater.PostAsync($"/api/tasks/{assignment.GetProperty("taskId").GetInt64()}/annotations",
                new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, submit.StatusCode);
        }

        var reliability = (await JsonAsync(await _admin.GetAsync($"/api/projects/{project}/feedback"))).GetProperty("reliability");
        Assert.Equal(8, reliability.GetProperty("humanPairs").GetInt32());
        // The human-judged pairs were abstentions of this ingest.
        Assert.Equal(8, reliability.GetProperty("abstainedOnHumanPairs").GetInt32());

        // The next ingest uses those judgements as seed and compares its decisions with them.
        var ingest = (await JsonAsync(await IngestAsync(_admin, project, Bytes(Log(seed: 9, impressions: 12000)), "more.jsonl"))).GetProperty("ingest");
        Assert.Equal(8, ingest.GetProperty("calibration").GetProperty("humanSeedPairs").GetInt32());
        reliability = (await JsonAsync(await _admin.GetAsync($"/api/projects/{project}/feedback"))).GetProperty("reliability");
        Assert.Equal(8, reliability.GetProperty("comparedPairs").GetInt32() + reliability.GetProperty("abstainedOnHumanPairs").GetInt32());
    }
}
