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

/// <summary>
/// Graded labels in the export, evidence decay by half-life, and drift of click evidence between ingests, over a real
/// server and SQLite file.
/// </summary>
public sealed class FeedbackGradedTests : IAsyncLifetime
{
    private readonly KestrelAppFactory _app = new(settings: new Dictionary<string, string?> { ["Quality:DebounceMilliseconds"] = "600000" });
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        await _app.CreateUserAsync("admin@test.local", Roles.Admin);
        _admin = await _app.SignInAsync("admin@test.local");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<long> ProjectAsync(string name) => _app.CreateProjectAsync(name, overlap: 1, xml: FeedbackApiTests.RelevanceConfig);

    private async Task<JsonElement> IngestAsync(long projectId, byte[] body, string fileName)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        var response = await _admin.PostAsync($"/api/projects/{projectId}/feedback/ingest?fileName={fileName}&format=native", content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task RecomputeAsync(long projectId)
    {
        var started = await _admin.PostAsync($"/api/projects/{projectId}/feedback/recompute", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var job = await started.Content.ReadFromJsonAsync<JsonElement>();
        var done = await _admin.WaitForJobAsync($"/api/jobs/{job.GetProperty("id").GetInt64()}");
        Assert.Equal("Succeeded", done.GetProperty("state").GetString());
    }

    private async Task<(string[] Header, Dictionary<(string, string), Dictionary<string, string>> Rows)> ExportTsvAsync(long projectId)
    {
        var text = await _admin.GetStringAsync($"/api/projects/{projectId}/feedback/labels?format=tsv");
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split('\t');
        var rows = lines.Skip(1).Select(l => l.Split('\t'))
            .ToDictionary(f => (f[0], f[1]), f => header.Select((h, i) => (h, f[i])).ToDictionary(x => x.h, x => x.Item2));
        return (header, rows);
    }

    private async Task UploadSeedAsync(long projectId, IEnumerable<SeedLabel> seed)
    {
        using var stream = new MemoryStream();
        SeedReader.Write(stream, seed);
        var response = await _admin.PostAsync($"/api/projects/{projectId}/feedback/seed?fileName=seed.tsv", new ByteArrayContent(stream.ToArray()));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Export_GradedColumnsFollowTheExistingOnes_AndASeedGradeIsThePairsGrade()
    {
        var log = FeedbackApiTests.Log(seed: 5, impressions: 20000);
        var project = await ProjectAsync("Graded");
        var seed = log.SampleSeed(400);
        await UploadSeedAsync(project, seed);

        var ingest = (await IngestAsync(project, FeedbackApiTests.Bytes(log), "clicks.jsonl")).GetProperty("ingest");

        var graded = ingest.GetProperty("graded");
        Assert.Equal("ordinal", graded.GetProperty("mode").GetString());
        Assert.Equal(5, graded.GetProperty("grades").GetArrayLength());
        Assert.All(graded.GetProperty("grades").EnumerateArray(), g => Assert.InRange(g.GetProperty("ece").GetDouble(), 0, 0.2));
        var (header, rows) = await ExportTsvAsync(project);
        Assert.Equal(FeedbackLabelExporter.Columns, header);
        Assert.Equal(["query_id", "doc_id", "score", "p_rel", "label"], header[..5]);
        Assert.Equal(["grade", "p_grade0", "p_grade1", "p_grade2", "p_grade3", "p_grade4", "expected_grade"], header[^7..]);
        var seedGrades = seed.ToDictionary(s => (s.QueryId, s.DocId), s => s.Grade);
        int withProbabilities = 0, correlated = 0;
        foreach (var (pair, row) in rows)
        {
            if (seedGrades.TryGetValue(pair, out var seedGrade))
            {
                Assert.Equal("seed", row["origin"]);
                Assert.Equal(seedGrade.ToString(System.Globalization.CultureInfo.InvariantCulture), row["grade"]);
            }
            if (row["p_grade0"].Length == 0) continue;
            withProbabilities++;
            var p = Enumerable.Range(0, 5).Select(k => double.Parse(row[$"p_grade{k}"], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.InRange(p.Sum(), 0.9999, 1.0001);
            var expected = double.Parse(row["expected_grade"], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(Enumerable.Range(0, 5).Sum(k => k * p[k]), expected, 4);
            log.TryGetGrade(pair.Item1, pair.Item2, out var truth);
            if ((expected >= 1.5) == (truth >= 2)) correlated++;
        }
        Assert.True(withProbabilities > rows.Count / 2, $"{withProbabilities} of {rows.Count} pairs have grade probabilities");
        Assert.True(correlated > 0.8 * withProbabilities, $"expected grade on the right side for {correlated} of {withProbabilities}");

        var jsonl = await _admin.GetStringAsync($"/api/projects/{project}/feedback/labels?format=jsonl");
        using var first = JsonDocument.Parse(jsonl.Split('\n')[0]);
        foreach (var column in header) Assert.True(first.RootElement.TryGetProperty(column, out _), $"JSON Lines lacks {column}");

        // The paged list carries the model's grade and expected grade, as the export's probabilities give them.
        var paged = await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/feedback/labels?page=1&pageSize=100");
        Assert.True(paged.GetProperty("graded").GetBoolean());
        var items = paged.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, i => i.GetProperty("expectedGrade").ValueKind == JsonValueKind.Number);
        foreach (var item in items)
        {
            var row = rows[(item.GetProperty("queryId").GetString()!, item.GetProperty("docId").GetString()!)];
            if (row["origin"] == "click-feedback")
            {
                Assert.Equal(row["grade"], item.GetProperty("grade") is { ValueKind: JsonValueKind.Number } g ? g.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
            }
            if (row["expected_grade"].Length == 0) continue;
            Assert.Equal(double.Parse(row["expected_grade"], System.Globalization.CultureInfo.InvariantCulture),
                item.GetProperty("expectedGrade").GetDouble(), 3);
        }
    }

    /// <summary>30 queries of 10 docs; every impression by a new user; <paramref name="clicked"/> is the doc clicked at rank 1 or 2.</summary>
    private static byte[] ContraryLog(string prefix, int clicked, int impressionsPerQuery = 20)
    {
        var sb = new StringBuilder();
        for (var q = 0; q < 30; q++)
        {
            for (var i = 0; i < impressionsPerQuery; i++)
            {
                var docs = Enumerable.Range(0, 10).Select(d => $"\"d{d}\"");
                var clicks = $"[{{\"pos\":{clicked + 1},\"doc\":\"d{clicked}\",\"ts\":2,\"dwell\":60}}]";
                sb.Append($"{{\"impression_id\":\"{prefix}-{q}-{i}\",\"session_id\":\"s-{prefix}-{q}-{i}\",\"user_id\":\"u-{prefix}-{q}-{i}\",\"query_id\":\"q{q}\",\"ts\":1,\"ranker\":\"r1\",\"results\":[{string.Join(",", docs)}],\"clicks\":{clicks}}}\n");
            }
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private async Task AgeAsync(long projectId, string fileName, int days)
    {
        var ingest = await _app.QueryAsync(db => db.FeedbackIngests.FirstAsync(i => i.ProjectId == projectId && i.FileName == fileName));
        var startedAt = ingest.StartedAt.AddDays(-days);
        await _app.QueryAsync(db => db.FeedbackIngests.Where(i => i.Id == ingest.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.StartedAt, startedAt)));
    }

    [Fact]
    public async Task Decay_ShortHalfLife_ARecentContraryLogOutweighsAnOldOne_AndWithoutOneTheEvidenceAddsUpAsBefore()
    {
        // The old log clicks d0 at rank 1 on every query; the recent one clicks d1 instead and never d0.
        var old = ContraryLog("old", clicked: 0);
        var recent = ContraryLog("new", clicked: 1);
        var decayed = await ProjectAsync("Decayed");
        var undecayed = await ProjectAsync("Undecayed");
        var reference = await ProjectAsync("Reference");
        foreach (var project in new[] { decayed, undecayed, reference }) await IngestAsync(project, old, "old.jsonl");
        await AgeAsync(decayed, "old.jsonl", 30);
        await AgeAsync(undecayed, "old.jsonl", 30);
        foreach (var project in new[] { decayed, undecayed, reference }) await IngestAsync(project, recent, "new.jsonl");
        var settings = await _admin.PutAsJsonAsync($"/api/projects/{decayed}/feedback/settings",
            new { targetPrecision = 0.95, relevantMinGrade = 2, maxNewTasks = 0, evidenceHalfLifeDays = 3 });
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        Assert.Equal(3, (await settings.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("evidenceHalfLifeDays").GetDouble());
        await RecomputeAsync(decayed);
        await RecomputeAsync(undecayed);

        var (_, withDecay) = await ExportTsvAsync(decayed);
        var (_, without) = await ExportTsvAsync(undecayed);
        var (_, expected) = await ExportTsvAsync(reference);

        for (var q = 0; q < 30; q++)
        {
            // 30 days at a 3-day half-life: weight 2^-10, so 20 old impressions round to none.
            var d0 = withDecay[($"q{q}", "d0")];
            Assert.Equal("20", d0["impressions"]);
            Assert.Equal("0", d0["clicks"]);
            var pOld = double.Parse(d0["p_rel"], System.Globalization.CultureInfo.InvariantCulture);
            var pNew = double.Parse(withDecay[($"q{q}", "d1")]["p_rel"], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(pNew > pOld, $"q{q}: P(relevant) of the recently clicked doc {pNew} against the formerly clicked {pOld}");
            Assert.Equal("40", without[($"q{q}", "d0")]["impressions"]);
            Assert.Equal("20", without[($"q{q}", "d0")]["clicks"]);
        }
        // Without a half-life, age changes nothing: the labels are those of the same two logs ingested today.
        Assert.Equal(expected.Keys.OrderBy(k => k), without.Keys.OrderBy(k => k));
        foreach (var (pair, row) in expected)
        {
            foreach (var column in row.Keys.Where(c => c != "generation")) Assert.Equal(row[column], without[pair][column]);
        }
    }

    private static (byte[] Even, byte[] Odd) Halves(byte[] log)
    {
        var lines = Encoding.UTF8.GetString(log).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string Join(int parity) => string.Concat(lines.Where((_, i) => i % 2 == parity).Select(l => l + "\n"));
        return (Encoding.UTF8.GetBytes(Join(0)), Encoding.UTF8.GetBytes(Join(1)));
    }

    [Fact]
    public async Task Drift_AShiftedPositionBiasWarnsWithTheIngestResult_AndTheSecondHalfOfTheSameLogDoesNot()
    {
        var log = FeedbackApiTests.Log(seed: 8, impressions: 16000);
        var (even, odd) = Halves(FeedbackApiTests.Bytes(log));
        var steady = await ProjectAsync("Steady");
        var first = (await IngestAsync(steady, even, "even.jsonl")).GetProperty("ingest").GetProperty("drift");
        Assert.False(first.GetProperty("warning").GetBoolean());
        Assert.Equal(0, first.GetProperty("comparedWith").GetArrayLength());
        var second = await IngestAsync(steady, odd, "odd.jsonl");
        var drift = second.GetProperty("ingest").GetProperty("drift");
        Assert.False(drift.GetProperty("warning").GetBoolean(), drift.GetProperty("summary").GetString());
        Assert.Equal(1, drift.GetProperty("comparedWith").GetArrayLength());
        Assert.Equal(10, drift.GetProperty("ranks").GetArrayLength());
        Assert.DoesNotContain("Click drift", second.GetProperty("message").GetString());

        var shifted = await ProjectAsync("Shifted");
        await IngestAsync(shifted, FeedbackApiTests.Bytes(log), "before.jsonl");
        var steep = SyntheticClickLog.Create(new SyntheticClickLogOptions
        {
            Impressions = 16000, Queries = 60, DocsPerQuery = 20, ResultsPerPage = 10, Users = 500, BotUsers = 3, SpamPairs = 2,
            SpamImpressionsPerPair = 30, Seed = 9, Theta = Enumerable.Range(1, 10).Select(k => Math.Pow(k, -1.6)).ToArray(),
        });
        var after = await IngestAsync(shifted, FeedbackApiTests.Bytes(steep), "after.jsonl");
        var warned = after.GetProperty("ingest").GetProperty("drift");
        Assert.True(warned.GetProperty("warning").GetBoolean());
        Assert.Contains("Click drift", after.GetProperty("message").GetString());
        var moved = warned.GetProperty("ranks").EnumerateArray().Where(r => r.GetProperty("moved").GetBoolean()).ToList();
        Assert.NotEmpty(moved);
        Assert.All(moved.Where(r => r.GetProperty("rank").GetInt32() > 2), r => Assert.True(r.GetProperty("difference").GetDouble() < 0));
        Assert.True(warned.GetProperty("ranks")[5].GetProperty("theta").GetDouble() < warned.GetProperty("ranks")[5].GetProperty("beforeTheta").GetDouble());

        var history = await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{shifted}/feedback/drift");
        Assert.Equal(2, history.GetArrayLength());
        Assert.True(history[0].GetProperty("drift").GetProperty("warning").GetBoolean());
        Assert.Equal("after.jsonl", history[0].GetProperty("fileName").GetString());
    }
}
