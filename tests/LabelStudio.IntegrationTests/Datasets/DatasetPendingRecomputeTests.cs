using LabelStudio.Data.Common;
using LabelStudio.Data.Quality;
using LabelStudio.IntegrationTests.Review;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.IntegrationTests.Datasets;

/// <summary>
/// A submit scores its own task at once, with the model the project had; the re-score under a model fitted from every
/// answer waits for the debounced recompute. A version asked for before the recompute ran must still hold the labels
/// the recompute gives: the same version as one built a minute later from the same answers.
/// </summary>
public sealed class DatasetPendingRecomputeTests : ScenarioWithoutRecomputeWorker
{
    [Fact]
    public async Task CreateVersion_RecomputeStillQueued_HoldsTheLabelsOfTheConsensusOfEveryAnswer()
    {
        var (project, tasks) = await S.LabeledProjectAsync(LabelStudio.Quality.ConflictSettings.Default);
        var queue = S.App.Services.GetRequiredService<QualityRecomputeQueue>();
        Assert.True(queue.IsPending(project));
        // Scored at submit, before any model: a 2-of-3 majority.
        Assert.Equal("Agreed", (await S.OutcomeAsync(tasks[1])).GetProperty("state").GetString());

        var first = await S.Lead.CreateVersionAsync(project, new { name = "Right after the last answer", formats = new[] { "jsonl" } });

        // Under the model of all nine answers the 2-of-3 task falls short of the 0.9 posterior: a conflict, no final label.
        Assert.Equal(2, first.GetProperty("taskCount").GetInt32());
        var jsonl = await S.Lead.DownloadAsync(first.GetProperty("id").GetInt64(), "jsonl");
        Assert.Equal(2, jsonl.Count(b => b == (byte)'\n'));
        // The build ran the recompute.
        Assert.Equal("Conflict", (await S.OutcomeAsync(tasks[1])).GetProperty("state").GetString());
        Assert.False(queue.IsPending(project));
        var second = await S.Lead.CreateVersionAsync(project, new { name = "Once the recompute ran", formats = new[] { "jsonl" } });
        Assert.Equal(first.GetProperty("contentSha256").GetString(), second.GetProperty("contentSha256").GetString());
    }

    // The worker may have taken the project off the queue and be part-way through its recompute: nothing is queued, yet
    // the outcomes are not up to date until that recompute ends, so the build must wait for it.
    [Fact]
    public async Task BringUpToDate_WhileTheWorkersRecomputeRuns_EndsOnlyAfterIt()
    {
        var (project, tasks) = await S.LabeledProjectAsync(LabelStudio.Quality.ConflictSettings.Default);
        var runner = S.App.Services.GetRequiredService<QualityRecomputeRunner>();
        var state = S.App.Services.GetRequiredService<QualityRecomputeState>();
        var queue = S.App.Services.GetRequiredService<QualityRecomputeQueue>();
        var writeLock = S.App.Services.GetRequiredService<WriteLock>();

        Task worker, build;
        // Holding the writer stops the worker's recompute at its first write, after it left the queue.
        using (await writeLock.EnterBulkAsync(WriteHolder.Import, CancellationToken.None))
        {
            worker = Task.Run(() => runner.RunQueuedAsync(project, CancellationToken.None));
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!state.Get(project).Running || queue.IsPending(project))
            {
                Assert.True(DateTime.UtcNow < deadline, "the worker's recompute did not start within 30 s");
                await Task.Delay(20);
            }
            build = runner.BringUpToDateAsync(project, CancellationToken.None);
            Assert.False(build.IsCompleted, "the build went on while the recompute was still running");
        }
        await build;
        // The recompute had ended when the build went on: the 2-of-3 task is re-scored under the model of every answer.
        Assert.Equal("Conflict", (await S.OutcomeAsync(tasks[1])).GetProperty("state").GetString());
        await worker;
        Assert.False(state.Get(project).Running);
    }
}
