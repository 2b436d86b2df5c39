using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LabelStudio.Data.Common;
using LabelStudio.Data.Feedback;
using LabelStudio.Data.Identity;
using LabelStudio.Feedback.Synthetic;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.IntegrationTests.Feedback;

/// <summary>
/// A click ingest writes in short chunks, like an import, into rows nobody sees until one small transaction publishes
/// them: raters and leads never wait on a whole ingest, and never see half of one. The test stops an ingest between two
/// of its chunks by taking the writer itself, and looks at what the API shows then.
/// </summary>
public sealed class FeedbackStagingTests : IAsyncLifetime
{
    // Chunks of one statement each, so the ingest's labels take many chunks; the quality recompute stays out of the way.
    private readonly KestrelAppFactory _app = new(settings: new Dictionary<string, string?>
    {
        ["Jobs:ChunkMilliseconds"] = "1",
        ["Quality:DebounceMilliseconds"] = "600000",
    });
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        await _app.CreateUserAsync("admin@test.local", Roles.Admin);
        _admin = await _app.SignInAsync("admin@test.local");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Ingest_StoppedBetweenItsChunks_ShowsNoLabelAndNoTask_UntilItPublishesThemAllAtOnce()
    {
        var project = await _app.CreateProjectAsync("Staged clicks", overlap: 1, xml: FeedbackApiTests.RelevanceConfig);
        var log = FeedbackApiTests.Bytes(SyntheticClickLog.Create(new SyntheticClickLogOptions
        {
            Impressions = 20_000, Queries = 120, DocsPerQuery = 20, ResultsPerPage = 10, Users = 800, BotUsers = 3, Seed = 7,
        }));
        var content = new ByteArrayContent(log);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        var accepted = await _admin.PostAsync($"/api/projects/{project}/feedback/ingest?fileName=clicks.jsonl&format=native&async=true", content);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var jobId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var writeLock = _app.Services.GetRequiredService<WriteLock>();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (await StagedLabelsAsync(project) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the ingest wrote no label row within 2 minutes");
            await Task.Delay(2);
        }
        using (await writeLock.EnterBulkAsync(WriteHolder.Cleanup, CancellationToken.None))
        {
            // Holding the writer, the ingest can neither write its next chunk nor publish.
            var state = await _app.QueryAsync(db => db.FeedbackIngests.Where(i => i.ProjectId == project).Select(i => i.State).SingleAsync());
            Assert.Equal(FeedbackIngestState.Running, state);
            Assert.True(await StagedLabelsAsync(project) > 0);

            Assert.Equal(0, await TotalAsync($"/api/projects/{project}/feedback/labels"));
            Assert.Equal(0, await TotalAsync($"/api/projects/{project}/tasks"));
        }

        var done = await _admin.WaitForJobAsync($"/api/jobs/{jobId}", seconds: 120);
        Assert.Equal("Succeeded", done.GetProperty("state").GetString());
        var stored = await StagedLabelsAsync(project);
        Assert.Equal(stored, await TotalAsync($"/api/projects/{project}/feedback/labels"));
        Assert.True(stored > 50, $"the ingest stored {stored} labels: too few to have taken several chunks");
    }

    /// <summary>Label rows of the project's ingests, published or not.</summary>
    private Task<int> StagedLabelsAsync(long project) =>
        _app.QueryAsync(db => db.FeedbackLabels.IgnoreQueryFilters().CountAsync(l => l.ProjectId == project));

    private async Task<int> TotalAsync(string path) =>
        (await _admin.GetFromJsonAsync<JsonElement>(path)).GetProperty("total").GetInt32();
}
