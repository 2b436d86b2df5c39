using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LabelStudio.Data.Datasets;
using LabelStudio.IntegrationTests.Infrastructure;
using LabelStudio.IntegrationTests.Review;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.IntegrationTests.Datasets;

/// <summary>Consensus runs are recorded with what they read and what they changed, and a version made from one can be
/// rebuilt exactly after later labeling, a stricter conflict rule and new gold have changed the project's final labels.</summary>
public sealed class ConsensusRunTests : IAsyncLifetime
{
    private ReviewScenario _s = null!;

    public async Task InitializeAsync() => _s = await ReviewScenario.StartAsync();

    public async Task DisposeAsync() => await _s.DisposeAsync();

    [Fact]
    public async Task Reproduce_AfterLaterRunsChangedOutcomes_RebuildsTheVersionByteIdentical()
    {
        var (project, tasks) = await _s.LabeledProjectAsync(LabelStudio.Quality.ConflictSettings.Default);
        await _s.WaitForSnapshotAsync(project, 9);
        var runs1 = await _s.Lead.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/consensus-runs");
        var r1 = runs1[0];
        Assert.NotEqual(JsonValueKind.Null, r1.GetProperty("finishedAt").ValueKind);
        Assert.Equal(3, r1.GetProperty("taskCount").GetInt32());
        Assert.True(r1.GetProperty("maxAnnotationId").GetInt64() > 0);

        var v1 = await _s.Lead.CreateVersionAsync(project, new { name = "As of run one", formats = new[] { "jsonl" } });
        var id1 = v1.GetProperty("id").GetInt64();
        Assert.Equal(r1.GetProperty("id").GetInt64(), v1.GetProperty("consensusRunId").GetInt64());
        var manifest = await _s.Lead.GetFromJsonAsync<JsonElement>($"/api/datasets/{id1}/manifest");
        Assert.Equal(r1.GetProperty("id").GetInt64(), manifest.GetProperty("consensus_run").GetInt64());
        var card = await _s.Lead.GetStringAsync($"/api/datasets/{id1}/card");
        Assert.Contains($"Consensus run {r1.GetProperty("id").GetInt64()}", card);

        // Under run 1's model the 2-of-3 task falls short of the posterior the rule asks for: a conflict, so not in version 1.
        Assert.Equal(2, v1.GetProperty("taskCount").GetInt32());
        // A looser rule makes it agreed at the next run; new gold overrides the first task; the last task gets its ratings.
        // All three change the project's final labels after version 1.
        await _s.ConflictSettingsAsync(project, new LabelStudio.Quality.ConflictSettings(MinMajorityShare: 0.5, MinPosterior: 0.0));
        Assert.Equal(HttpStatusCode.OK, (await _s.Lead.PutAsync($"/api/tasks/{tasks[0]}/gold",
            ReviewScenario.Json($"[{ReviewScenario.Choice("Negative")}]"))).StatusCode);
        await _s.ChoicesAsync(project, "Neutral", "Neutral", "Neutral");
        Assert.Equal(HttpStatusCode.Accepted, (await _s.Lead.PostAsync($"/api/projects/{project}/quality/recompute", null)).StatusCode);
        var r2 = await WaitForRunAfterAsync(project, r1.GetProperty("id").GetInt64());
        Assert.True(r2.GetProperty("changedCount").GetInt32() >= 1, r2.ToString());

        var v2 = await _s.Lead.CreateVersionAsync(project, new { name = "After run two" });
        var diff = await _s.Lead.GetFromJsonAsync<JsonElement>($"/api/datasets/{v2.GetProperty("id").GetInt64()}/diff?against={id1}");
        Assert.Equal([tasks[1], tasks[3]], diff.GetProperty("addedTaskIds").EnumerateArray().Select(t => t.GetInt64()));
        Assert.Equal(tasks[0], diff.GetProperty("changes")[0].GetProperty("taskId").GetInt64());

        var jsonl = await _s.Lead.DownloadAsync(id1, "jsonl");
        var again = await ReproduceAsync(id1);
        Assert.True(again.GetProperty("identical").GetBoolean(), again.ToString());
        Assert.Equal(v1.GetProperty("contentSha256").GetString(), again.GetProperty("rebuiltSha256").GetString());
        Assert.Equal(2, again.GetProperty("tasks").GetInt32());
        Assert.Equal(0, again.GetProperty("changed").GetInt32() + again.GetProperty("added").GetInt32() + again.GetProperty("removed").GetInt32());
        Assert.Equal(jsonl, await _s.Lead.DownloadAsync(id1, "jsonl"));
        Assert.True((await ReproduceAsync(v2.GetProperty("id").GetInt64())).GetProperty("identical").GetBoolean());
    }

    [Fact]
    public async Task Reproduce_StoredLabelAltered_ReportsDifferentAndNamesTheTask()
    {
        var (project, tasks) = await _s.LabeledProjectAsync();
        var v1 = await _s.Lead.CreateVersionAsync(project, new { name = "Tampered" });
        var id1 = v1.GetProperty("id").GetInt64();
        var items = DatasetItemsFile.PathOf(_s.App.Services.GetRequiredService<DatasetStorage>(), id1);
        var tampered = DatasetItemsFile.ReadFile(items).Select(i => i.TaskId == tasks[1] ? i with { LabelsJson = "[]"u8.ToArray() } : i).ToList();
        DatasetItemsFile.Rewrite(items, tampered);

        var result = await ReproduceAsync(id1);
        Assert.False(result.GetProperty("identical").GetBoolean());
        Assert.Equal(1, result.GetProperty("changed").GetInt32());
        var difference = result.GetProperty("differences").EnumerateArray().Single();
        Assert.Equal(tasks[1], difference.GetProperty("taskId").GetInt64());
        Assert.Equal("changed", difference.GetProperty("kind").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await _s.Raters[0].PostAsync($"/api/datasets/{id1}/reproduce", null)).StatusCode);
    }

    private async Task<JsonElement> ReproduceAsync(long versionId)
    {
        var response = await _s.Lead.PostAsync($"/api/datasets/{versionId}/reproduce", null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Waits for a finished run newer than <paramref name="after"/> with no recompute running.</summary>
    private async Task<JsonElement> WaitForRunAfterAsync(long projectId, long after)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var runs = await _s.Lead.GetFromJsonAsync<JsonElement>($"/api/projects/{projectId}/consensus-runs");
            var quality = await _s.Lead.GetFromJsonAsync<JsonElement>($"/api/projects/{projectId}/quality");
            var latest = runs[0];
            if (latest.GetProperty("id").GetInt64() > after && latest.GetProperty("finishedAt").ValueKind != JsonValueKind.Null
                && latest.GetProperty("taskCount").GetInt32() == 4 && !quality.GetProperty("recompute").GetProperty("running").GetBoolean())
            {
                return latest;
            }
            Assert.True(DateTime.UtcNow < deadline, "no new consensus run within 30 s");
            await Task.Delay(100);
        }
    }
}
