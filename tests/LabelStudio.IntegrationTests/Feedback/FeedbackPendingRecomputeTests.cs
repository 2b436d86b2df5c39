using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LabelStudio.Data.Quality;
using LabelStudio.IntegrationTests.Review;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.IntegrationTests.Feedback;

/// <summary>
/// The raters' judgements of click tasks seed the next label generation. A submit scores its own task at once with the
/// model the project had; the re-score under a model fitted from every answer waits for the debounced recompute. An
/// ingest that starts before that recompute ran must still calibrate on the consensus of every answer, not on the
/// provisional one.
/// </summary>
public sealed class FeedbackPendingRecomputeTests : ScenarioWithoutRecomputeWorker
{
    [Fact]
    public async Task Ingest_RecomputeStillQueued_SeedsOnlyFromPairsTheConsensusOfEveryAnswerAgrees()
    {
        var project = await S.ProjectAsync("Clicks", 3, FeedbackApiTests.RelevanceConfig, []);
        Assert.Equal(HttpStatusCode.Created, (await IngestAsync(project, FeedbackApiTests.Log(seed: 9), "clicks.jsonl")).StatusCode);

        // Three click tasks judged by all three raters: two unanimous, one 2-of-3.
        var split = await JudgeAsync(project, "Relevant", "Relevant", "Not relevant");
        await JudgeAsync(project, "Relevant", "Relevant", "Relevant");
        await JudgeAsync(project, "Not relevant", "Not relevant", "Not relevant");
        Assert.True(S.App.Services.GetRequiredService<QualityRecomputeQueue>().IsPending(project));
        // Scored at submit, before any model: a 2-of-3 majority.
        Assert.Equal("Agreed", (await S.OutcomeAsync(split)).GetProperty("state").GetString());

        var response = await IngestAsync(project, FeedbackApiTests.Log(seed: 9, impressions: 12000), "more.jsonl");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var ingest = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ingest");

        // Under the model of all nine answers the 2-of-3 pair falls short of the 0.9 posterior: a conflict, not a seed pair.
        Assert.Equal(2, ingest.GetProperty("calibration").GetProperty("humanSeedPairs").GetInt32());
        Assert.Equal("Conflict", (await S.OutcomeAsync(split)).GetProperty("state").GetString());
    }

    private async Task<HttpResponseMessage> IngestAsync(long project, LabelStudio.Feedback.Synthetic.SyntheticClickLog log, string fileName)
    {
        var content = new ByteArrayContent(FeedbackApiTests.Bytes(log));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        return await S.Admin.PostAsync($"/api/projects/{project}/feedback/ingest?fileName={fileName}&format=native", content);
    }

    /// <summary>Raters 0..2 in turn take their next task (the same one) and judge it; returns the task id.</summary>
    private async Task<long> JudgeAsync(long project, params string[] choices)
    {
        long task = 0;
        for (var rater = 0; rater < choices.Length; rater++)
        {
            var id = await S.NextAsync(rater, project) ?? throw new InvalidOperationException("no task for the rater");
            Assert.True(task == 0 || task == id, "the raters should get the same task");
            task = id;
            var body = $$$"""{"result":[{"id":"r1","from_name":"relevance","to_name":"doc","type":"choices","value":{"choices":["{{{choices[rater]}}}"]}}]}""";
            var submit = await S.Raters[rater].PostAsync($"/api/tasks/{id}/annotations", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, submit.StatusCode);
        }
        return task;
    }
}
