using Microsoft.Extensions.DependencyInjection;
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
/// Click feedback as a loop over a real server and SQLite file: evidence accumulates across ingests, an ingest can be
/// rolled back and its file ingested again, a recompute refits without a re-ingest, the queue stays true, human
/// judgements win in the streamed export.
/// </summary>
public sealed class FeedbackLoopTests : IAsyncLifetime
{
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

    private static SyntheticClickLog Log(int seed = 42, int impressions = 8000) => FeedbackApiTests.Log(seed, impressions);

    private static byte[] Bytes(SyntheticClickLog log) => FeedbackApiTests.Bytes(log);

    /// <summary>The log split in two by user (each user's impressions in one half), so per-user cleaning sees the same users.</summary>
    private static (byte[] A, byte[] B) Halves(byte[] log)
    {
        var a = new StringBuilder();
        var b = new StringBuilder();
        foreach (var line in Encoding.UTF8.GetString(log).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            var user = doc.RootElement.TryGetProperty("user_id", out var u) ? u.GetString() ?? "" : "";
            (StableHash(user) % 2 == 0 ? a : b).Append(line).Append('\n');
        }
        return (Encoding.UTF8.GetBytes(a.ToString()), Encoding.UTF8.GetBytes(b.ToString()));
    }

    private static int StableHash(string s)
    {
        var h = 17;
        foreach (var c in s) h = unchecked(h * 31 + c);
        return h & int.MaxValue;
    }

    private async Task<long> ProjectAsync(string name)
    {
        var id = await _app.CreateProjectAsync(name, overlap: 1, xml: FeedbackApiTests.RelevanceConfig);
        await _app.AddMemberAsync(id, _raterId);
        return id;
    }

    private async Task<JsonElement> IngestAsync(long projectId, byte[] body, string fileName)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        var response = await _admin.PostAsync($"/api/projects/{projectId}/feedback/ingest?fileName={fileName}&format=native", content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> FinishAsync(HttpResponseMessage started)
    {
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var job = await started.Content.ReadFromJsonAsync<JsonElement>();
        var done = await _admin.WaitForJobAsync($"/api/jobs/{job.GetProperty("id").GetInt64()}");
        Assert.Equal("Succeeded", done.GetProperty("state").GetString());
        return done;
    }

    private Task<JsonElement> RecomputeAsync(long projectId) =>
        _admin.PostAsync($"/api/projects/{projectId}/feedback/recompute", null).ContinueWith(t => FinishAsync(t.Result)).Unwrap();

    private Task<JsonElement> RollbackAsync(long projectId, long ingestId) =>
        _admin.PostAsync($"/api/projects/{projectId}/feedback/ingests/{ingestId}/rollback", null).ContinueWith(t => FinishAsync(t.Result)).Unwrap();

    /// <summary>The streamed TSV export as rows keyed by (query, doc).</summary>
    private async Task<Dictionary<(string, string), string[]>> ExportAsync(long projectId)
    {
        var response = await _admin.GetAsync($"/api/projects/{projectId}/feedback/labels?format=tsv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/tab-separated-values", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("query_id\tdoc_id\tscore\tp_rel\tlabel\torigin\treason", lines[0], StringComparison.Ordinal);
        return lines.Skip(1).Select(l => l.Split('\t')).ToDictionary(f => (f[0], f[1]));
    }

    /// <summary>Everything of a label but its generation.</summary>
    private static string Comparable(string[] row) =>
        string.Join('\t', row.Where((_, i) => i != FeedbackLabelExporter.Columns.ToList().IndexOf("generation")));

    [Fact]
    public async Task Accumulate_TwoHalvesOfALog_GiveTheLabelsOfTheWhole()
    {
        var whole = Bytes(Log());
        var (a, b) = Halves(whole);
        var one = await ProjectAsync("Whole");
        var two = await ProjectAsync("Halves");
        await IngestAsync(one, whole, "whole.jsonl");
        var first = (await IngestAsync(two, a, "a.jsonl")).GetProperty("ingest");
        var second = (await IngestAsync(two, b, "b.jsonl")).GetProperty("ingest");
        Assert.Equal(2, second.GetProperty("outcome").GetProperty("evidenceIngests").GetInt32());
        Assert.True(second.GetProperty("outcome").GetProperty("pairs").GetInt32() >= first.GetProperty("outcome").GetProperty("pairs").GetInt32());

        var expected = await ExportAsync(one);
        var actual = await ExportAsync(two);
        Assert.True(expected.Count > 500, $"pairs: {expected.Count}");
        Assert.Equal(expected.Keys.OrderBy(k => k), actual.Keys.OrderBy(k => k));
        foreach (var (pair, row) in expected)
        {
            Assert.Equal(Comparable(row), Comparable(actual[pair]));
        }
        var overview = await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{two}/feedback");
        Assert.Equal(expected.Count, overview.GetProperty("labels").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Rollback_SubtractsTheEvidence_AndTheFileCanBeIngestedAgain()
    {
        var (a, b) = Halves(Bytes(Log(seed: 3)));
        var reference = await ProjectAsync("Only A");
        await IngestAsync(reference, a, "a.jsonl");
        var project = await ProjectAsync("Rolled back");
        await IngestAsync(project, a, "a.jsonl");
        var ingestB = (await IngestAsync(project, b, "b.jsonl")).GetProperty("ingest").GetProperty("id").GetInt64();
        var both = await ExportAsync(project);

        var done = await RollbackAsync(project, ingestB);
        Assert.Contains("pairs", done.GetProperty("message").GetString(), StringComparison.Ordinal);
        var afterRollback = await ExportAsync(project);
        var onlyA = await ExportAsync(reference);
        Assert.Equal(onlyA.Keys.OrderBy(k => k), afterRollback.Keys.OrderBy(k => k));
        foreach (var (pair, row) in onlyA) Assert.Equal(Comparable(row), Comparable(afterRollback[pair]));
        Assert.Equal(FeedbackIngestState.RolledBack,
            await _app.QueryAsync(db => db.FeedbackIngests.Where(i => i.Id == ingestB).Select(i => i.State).SingleAsync()));
        Assert.Equal(1, await _app.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Action == "feedback.rolled_back")));

        // Rolled back twice is refused with a reason; the same file again is a new ingest, not "already ingested".
        var again = await _admin.PostAsync($"/api/projects/{project}/feedback/ingests/{ingestB}/rollback", null);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        var reingest = await IngestAsync(project, b, "b.jsonl");
        Assert.False(reingest.GetProperty("duplicate").GetBoolean());
        var restored = await ExportAsync(project);
        Assert.Equal(both.Keys.OrderBy(k => k), restored.Keys.OrderBy(k => k));
        foreach (var (pair, row) in both) Assert.Equal(Comparable(row), Comparable(restored[pair]));
    }

    [Fact]
    public async Task Recompute_AfterASeedChange_RecalibratesWithoutAReingest()
    {
        var log = Log(seed: 5, impressions: 20000);
        var project = await ProjectAsync("Recalibrated");
        var ingest = (await IngestAsync(project, Bytes(log), "clicks.jsonl")).GetProperty("ingest");
        Assert.Equal("unsupervised", ingest.GetProperty("calibration").GetProperty("mode").GetString());
        using (var seedStream = new MemoryStream())
        {
            SeedReader.Write(seedStream, log.SampleSeed(400));
            var seeded = await _admin.PostAsync($"/api/projects/{project}/feedback/seed?fileName=seed.tsv", new ByteArrayContent(seedStream.ToArray()));
            Assert.Equal(HttpStatusCode.Created, seeded.StatusCode);
        }

        await RecomputeAsync(project);
        var overview = await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/feedback");
        var latest = overview.GetProperty("latest");
        Assert.Equal("recompute", latest.GetProperty("kind").GetString());
        Assert.Equal(1, latest.GetProperty("evidenceIngestIds").GetArrayLength());
        Assert.Equal("seed", latest.GetProperty("calibration").GetProperty("mode").GetString());
        Assert.True(latest.GetProperty("calibration").GetProperty("targetReached").GetBoolean());
        Assert.Equal(1, await _app.QueryAsync(db => db.FeedbackIngests.CountAsync(i => i.ProjectId == project && i.Kind == "ingest")));
        Assert.Equal(1, await _app.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Action == "feedback.recomputed")));

        // A new target applies on the next recompute too.
        var settings = await _admin.PutAsJsonAsync($"/api/projects/{project}/feedback/settings",
            new { targetPrecision = 0.8, relevantMinGrade = 2, maxNewTasks = 1000 });
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        await RecomputeAsync(project);
        overview = await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/feedback");
        Assert.Equal(0.8, overview.GetProperty("latest").GetProperty("calibration").GetProperty("targetPrecision").GetDouble(), 6);
    }

    [Fact]
    public async Task Queue_DecidedAndSeedPairsLeave_UnlessARaterHoldsThem()
    {
        var log = Log(seed: 7, impressions: 12000);
        var project = await ProjectAsync("Queue");
        var ingest = (await IngestAsync(project, Bytes(log), "clicks.jsonl")).GetProperty("ingest");
        Assert.True(ingest.GetProperty("outcome").GetProperty("tasksCreated").GetInt32() > 20);

        // A rater holds one task (a live reservation).
        var next = await _rater.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/next");
        var held = next.GetProperty("taskId").GetInt64();
        var tasks = await _app.QueryAsync(db => db.Tasks.Where(t => t.ProjectId == project)
            .Select(t => new { t.Id, t.ExternalKey }).ToListAsync());
        var heldKey = tasks.Single(t => t.Id == held).ExternalKey!.Split('\t');

        // The seed judges every queued pair (the held one too) and the target drops: the recompute decides much more.
        var seed = tasks.Select(t => t.ExternalKey!.Split('\t'))
            .Select(k => new SeedLabel(k[0], k[1], log.TryGetGrade(k[0], k[1], out var g) ? g : 0)).ToList();
        seed.AddRange(log.SampleSeed(300).Where(s => !tasks.Any(t => t.ExternalKey == s.QueryId + "\t" + s.DocId)));
        using (var seedStream = new MemoryStream())
        {
            SeedReader.Write(seedStream, seed);
            await _admin.PostAsync($"/api/projects/{project}/feedback/seed?fileName=seed.tsv", new ByteArrayContent(seedStream.ToArray()));
        }
        await RecomputeAsync(project);

        var remaining = await _app.QueryAsync(db => db.Tasks.Where(t => t.ProjectId == project && t.WithdrawnAt == null).Select(t => t.Id).ToListAsync());
        var overview = await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/feedback");
        Assert.True(remaining.Count == 1, overview.GetProperty("latest").GetProperty("outcome").GetRawText());
        Assert.Equal([held], remaining);
        var latest = overview.GetProperty("latest").GetProperty("outcome");
        Assert.Equal(tasks.Count - 1, latest.GetProperty("tasksWithdrawn").GetInt32());
        Assert.Equal(0, latest.GetProperty("tasksCreated").GetInt32());
        Assert.Equal(1, overview.GetProperty("openClickTasks").GetInt32());
        var batchTasks = await _app.QueryAsync(db => db.ImportBatches.Where(b => b.ProjectId == project).SumAsync(b => b.TaskCount));
        Assert.Equal(1, batchTasks);
        Assert.NotEmpty(heldKey);
    }

    [Fact]
    public async Task Withdraw_AJudgedTask_KeepsItsJudgementInTheExportAndALaterVersion_AndRequeuesTheSameTask()
    {
        var log = Log(seed: 7, impressions: 12000);
        var project = await ProjectAsync("Withdrawn");
        await IngestAsync(project, Bytes(log), "clicks.jsonl");
        var tasks = await _app.QueryAsync(db => db.Tasks.Where(t => t.ProjectId == project)
            .OrderBy(t => t.Id).Select(t => new { t.Id, t.ExternalKey }).ToListAsync());
        Assert.True(tasks.Count > 20);

        // A lead judges one queued pair (a gold answer, against the truth, so it cannot agree with the model by chance).
        var judged = tasks[0];
        var key = judged.ExternalKey!.Split('\t');
        log.TryGetGrade(key[0], key[1], out var grade);
        var human = grade >= 2 ? 0 : 1;
        var gold = $$$"""[{"id":"g1","from_name":"relevance","to_name":"doc","type":"choices","value":{"choices":["{{{(human == 1 ? "Relevant" : "Not relevant")}}}"]}}]""";
        Assert.Equal(HttpStatusCode.OK, (await _admin.PutAsync($"/api/tasks/{judged.Id}/gold",
            new StringContent(gold, Encoding.UTF8, "application/json"))).StatusCode);

        // The seed judges every other queued pair: the recompute settles them all, and the judged pair is in the seed too.
        var seed = tasks.Skip(1).Select(t => t.ExternalKey!.Split('\t'))
            .Select(k => new SeedLabel(k[0], k[1], log.TryGetGrade(k[0], k[1], out var g) ? g : 0)).ToList();
        await SeedAsync(project, seed);
        await RecomputeAsync(project);

        var overview = await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/feedback");
        var outcome = overview.GetProperty("latest").GetProperty("outcome");
        Assert.Equal(tasks.Count, outcome.GetProperty("tasksWithdrawn").GetInt32());
        // Only pairs the new calibration left uncertain (none of the judged ones) are open now.
        Assert.Equal(outcome.GetProperty("tasksCreated").GetInt32(), overview.GetProperty("openClickTasks").GetInt32());
        // Withdrawn is a state: the rows stay, with the gold answer.
        var kept = await _app.QueryAsync(db => db.Tasks.IgnoreQueryFilters().Where(t => t.ProjectId == project)
            .Select(t => new { t.Id, t.WithdrawnAt }).ToListAsync());
        Assert.Equal(tasks.Count + outcome.GetProperty("tasksCreated").GetInt32(), kept.Count);
        Assert.All(kept.Where(t => tasks.Any(o => o.Id == t.Id)), t => Assert.NotNull(t.WithdrawnAt));

        // The task browser leaves them out by default and lists them, as withdrawn, when asked.
        var browser = await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/tasks?pageSize=200");
        Assert.Equal(outcome.GetProperty("tasksCreated").GetInt32(), browser.GetProperty("total").GetInt32());
        var withdrawnPage = await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/tasks?state=Withdrawn&pageSize=200");
        Assert.Equal(tasks.Count, withdrawnPage.GetProperty("total").GetInt32());
        var judgedRow = withdrawnPage.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("taskId").GetInt64() == judged.Id);
        Assert.Equal("Withdrawn", judgedRow.GetProperty("state").GetString());
        Assert.Equal("Gold", judgedRow.GetProperty("origin").GetString());

        // The judgement is the pair's label in the export and the task's final label in a version built afterwards.
        var row = (await ExportAsync(project))[(key[0], key[1])];
        Assert.Equal((human.ToString(System.Globalization.CultureInfo.InvariantCulture), "gold"), (row[4], row[5]));
        var version = (await Datasets.DatasetScenario.CreateVersionAsync(_admin, project, new { name = "After withdrawal", formats = new[] { "jsonl" } }))
            .GetProperty("id").GetInt64();
        var lines = Encoding.UTF8.GetString(await Datasets.DatasetScenario.DownloadAsync(_admin, version, "jsonl"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement);
        var frozen = lines.Single(l => l.GetProperty("task_id").GetInt64() == judged.Id);
        Assert.Equal("gold", frozen.GetProperty("final").GetProperty("relevance").GetProperty("origin").GetString());
        Assert.Equal(human == 1 ? "Relevant" : "Not relevant", frozen.GetProperty("labels").GetProperty("relevance").GetString());

        // A seed without those pairs: the ones that are uncertain again come back as the same tasks, not as duplicates.
        await SeedAsync(project, [.. log.SampleSeed(300).Where(s => !tasks.Any(t => t.ExternalKey == s.QueryId + "\t" + s.DocId))]);
        await RecomputeAsync(project);
        overview = await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/feedback");
        outcome = overview.GetProperty("latest").GetProperty("outcome");
        var requeued = outcome.GetProperty("tasksRequeued").GetInt32();
        Assert.True(requeued > 0, outcome.GetRawText());
        var open = await _app.QueryAsync(db => db.Tasks.Where(t => t.ProjectId == project && t.WithdrawnAt == null)
            .Select(t => new { t.Id, t.ExternalKey, t.IsComplete }).ToListAsync());
        Assert.Equal(requeued, open.Count(t => tasks.Any(o => o.Id == t.Id)));
        Assert.All(open, t => Assert.False(t.IsComplete));
        var all = await _app.QueryAsync(db => db.Tasks.Where(t => t.ProjectId == project).Select(t => t.ExternalKey).ToListAsync());
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(open.Count, overview.GetProperty("openClickTasks").GetInt32());
        // The judged pair stays settled: its gold answer is human evidence.
        Assert.DoesNotContain(open, t => t.Id == judged.Id);
    }

    private async Task SeedAsync(long project, List<SeedLabel> seed)
    {
        using var seedStream = new MemoryStream();
        SeedReader.Write(seedStream, seed);
        var response = await _admin.PostAsync($"/api/projects/{project}/feedback/seed?fileName=seed.tsv", new ByteArrayContent(seedStream.ToArray()));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HumanJudgement_WinsInTheExport_AndTheFinalLabelFallsBackToClickFeedback()
    {
        var log = Log(seed: 9);
        var project = await ProjectAsync("Humans win");
        await IngestAsync(project, Bytes(log), "clicks.jsonl");

        // The rater answers a queued pair against the truth; with overlap 1 it is Agreed at once.
        var next = await _rater.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/next");
        var taskId = next.GetProperty("taskId").GetInt64();
        using var data = JsonDocument.Parse(next.GetProperty("dataJson").GetString()!);
        var (q, d) = (data.RootElement.GetProperty("query_id").GetString()!, data.RootElement.GetProperty("doc_id").GetString()!);
        log.TryGetGrade(q, d, out var grade);
        var human = grade >= 2 ? 0 : 1; // the opposite of the truth, so that it cannot agree with the model by chance
        var body = $$$"""{"result":[{"id":"r1","from_name":"relevance","to_name":"doc","type":"choices","value":{"choices":["{{{(human == 1 ? "Relevant" : "Not relevant")}}}"]}}]}""";
        Assert.Equal(HttpStatusCode.Created, (await _rater.PostAsync($"/api/tasks/{taskId}/annotations",
            new StringContent(body, Encoding.UTF8, "application/json"))).StatusCode);

        var rows = await ExportAsync(project);
        var row = rows[(q, d)];
        Assert.Equal(human.ToString(), row[4]);
        Assert.Equal("consensus", row[5]);
        Assert.Equal("-1", row[7]);
        Assert.Equal(human.ToString(System.Globalization.CultureInfo.InvariantCulture), row[2]);

        // JSON Lines carry the same rows.
        var jsonl = await _admin.GetStringAsync($"/api/projects/{project}/feedback/labels?format=jsonl");
        var lines = jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(rows.Count, lines.Length);
        var human1 = lines.Select(l => JsonDocument.Parse(l).RootElement).Single(e => e.GetProperty("query_id").GetString() == q
                                                                                    && e.GetProperty("doc_id").GetString() == d);
        Assert.Equal("consensus", human1.GetProperty("origin").GetString());

        // A spam suspect's probability is empty, never a confident-looking number.
        var spam = rows.Values.Where(r => r[6] == "spam_suspected").ToList();
        Assert.All(spam, r => Assert.Equal("", r[3]));
    }

    [Fact]
    public async Task FinalLabel_OfAnUndecidedTask_IsTheClickAutoLabelInTheVersion_AndAConsensusOverridesIt()
    {
        var log = Log(seed: 11, impressions: 12000);
        var project = await ProjectAsync("Final labels");
        await IngestAsync(project, Bytes(log), "clicks.jsonl");
        var decided = await _app.QueryAsync(db => FeedbackService.Current(db, project).Where(l => l.Decision == 1)
            .OrderByDescending(l => l.Score).Select(l => new { l.QueryId, l.DocId }).FirstAsync());

        // A task for that pair comes in by import (not from click feedback, so it is never withdrawn).
        var task = $$"""{"query_id":"{{decided.QueryId}}","doc_id":"{{decided.DocId}}","query":"a query","doc":"a document"}""" + "\n";
        var import = await _admin.ImportAsync(project, "pair.jsonl", task);
        Assert.Equal(HttpStatusCode.Created, import.StatusCode);
        var taskId = await _app.QueryAsync(db => db.Tasks.Where(t => t.ProjectId == project && t.MetaJson == null).Select(t => t.Id).SingleAsync());
        await RecomputeAsync(project);

        var outcome = await _admin.GetFromJsonAsync<JsonElement>($"/api/tasks/{taskId}/outcome");
        var label = outcome.GetProperty("final").GetProperty("controls")[0];
        Assert.Equal("click-feedback", label.GetProperty("origin").GetString());
        Assert.Contains("Relevant", label.GetProperty("result").GetRawText(), StringComparison.Ordinal);
        // A dataset version freezes the click auto-label as the task's final label, with its origin.
        var version = (await Datasets.DatasetScenario.CreateVersionAsync(_admin, project, new { name = "Clicks", formats = new[] { "jsonl" } }))
            .GetProperty("id").GetInt64();
        var frozen = LabelStudio.Data.Datasets.DatasetItemsFile.Read(_app.Services.GetRequiredService<LabelStudio.Data.Datasets.DatasetStorage>(), version)
            .Single(i => i.TaskId == taskId);
        Assert.Equal(LabelStudio.Data.Review.FinalLabelOrigin.ClickFeedback, frozen.Origin);
        Assert.Contains("\"Relevant\"", System.Text.Encoding.UTF8.GetString(frozen.LabelsJson), StringComparison.Ordinal);

        // The rater says otherwise; with overlap 1 that is an agreed consensus, which wins.
        var reservation = await _rater.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/next");
        while (reservation.GetProperty("taskId").GetInt64() != taskId)
        {
            var other = reservation.GetProperty("taskId").GetInt64();
            await _rater.PostAsync($"/api/tasks/{other}/annotations", new StringContent(
                """{"result":[{"id":"r1","from_name":"relevance","to_name":"doc","type":"choices","value":{"choices":["Relevant"]}}]}""",
                Encoding.UTF8, "application/json"));
            reservation = await _rater.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/next");
        }
        Assert.Equal(HttpStatusCode.Created, (await _rater.PostAsync($"/api/tasks/{taskId}/annotations", new StringContent(
            """{"result":[{"id":"r1","from_name":"relevance","to_name":"doc","type":"choices","value":{"choices":["Not relevant"]}}]}""",
            Encoding.UTF8, "application/json"))).StatusCode);
        outcome = await _admin.GetFromJsonAsync<JsonElement>($"/api/tasks/{taskId}/outcome");
        label = outcome.GetProperty("final").GetProperty("controls")[0];
        Assert.Equal("Consensus", label.GetProperty("origin").GetString());
        var row = (await ExportAsync(project))[(decided.QueryId, decided.DocId)];
        Assert.Equal(("0", "consensus", "1"), (row[4], row[5], row[7]));
        // The version made before the consensus still rebuilds to the same click label, byte for byte.
        var rebuilt = await (await _admin.PostAsync($"/api/datasets/{version}/reproduce", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(rebuilt.GetProperty("identical").GetBoolean(), rebuilt.ToString());
    }

    /// <summary>A catalog TSV for the log's queries and for the documents <paramref name="withText"/> accepts.</summary>
    internal static string Catalog(byte[] log, Func<string, bool> withText)
    {
        var queries = new SortedSet<string>(StringComparer.Ordinal);
        var docs = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in Encoding.UTF8.GetString(log).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            queries.Add(doc.RootElement.GetProperty("query_id").GetString()!);
            foreach (var r in doc.RootElement.GetProperty("results").EnumerateArray()) docs.Add(r.GetString()!);
        }
        var tsv = new StringBuilder("kind\tid\ttext\ttitle\turl\n");
        foreach (var q in queries) tsv.Append($"query\t{q}\tsearch words of {q}\t\t\n");
        foreach (var d in docs.Where(withText))
        {
            tsv.Append($"doc\t{d}\tThe body of document {d}, long enough to be cut into a snippet for the rater.\tTitle of {d}\thttps://example.test/{d}\n");
        }
        return tsv.ToString();
    }

    [Fact]
    public async Task Catalog_TasksShowTheTexts_AndPairsWithoutTextAreNotSent()
    {
        var log = Bytes(Log(seed: 13));
        var project = await ProjectAsync("Catalog");
        var catalog = Catalog(log, d => d.GetHashCode(StringComparison.Ordinal) % 2 == 0);
        var upload = await _admin.PostAsync($"/api/projects/{project}/feedback/catalog?fileName=catalog.tsv",
            new StringContent(catalog, Encoding.UTF8, "text/tab-separated-values"));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var uploaded = await upload.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(uploaded.GetProperty("totalDocs").GetInt32() > 100);

        var outcome = (await IngestAsync(project, log, "clicks.jsonl")).GetProperty("ingest").GetProperty("outcome");
        Assert.True(outcome.GetProperty("tasksCreated").GetInt32() > 5);
        Assert.True(outcome.GetProperty("pairsWithoutText").GetInt32() > 5);
        var data = await _app.QueryAsync(db => db.Tasks.Where(t => t.ProjectId == project).Select(t => t.DataJson).ToListAsync());
        Assert.All(data, json =>
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var docId = root.GetProperty("doc_id").GetString()!;
            Assert.Equal($"search words of {root.GetProperty("query_id").GetString()}", root.GetProperty("query").GetString());
            Assert.Equal($"Title of {docId}", root.GetProperty("doc_title").GetString());
            Assert.Equal($"https://example.test/{docId}", root.GetProperty("doc_url").GetString());
            Assert.StartsWith($"Title of {docId}", root.GetProperty("doc").GetString(), StringComparison.Ordinal);
        });

        // A bad row rejects the file with its line and field.
        var bad = await _admin.PostAsync($"/api/projects/{project}/feedback/catalog?fileName=bad.tsv",
            new StringContent("kind\tid\ttext\ttitle\turl\nquery\tq1\tok\t\t\ndoc\td1\ttext\tt\tftp://x\n", Encoding.UTF8, "text/tab-separated-values"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("bad.tsv line 3, field url", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
