using LabelStudio.Data.Quality;
using LabelStudio.IntegrationTests.Infrastructure;
using LabelStudio.IntegrationTests.Review;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.IntegrationTests.Datasets;

/// <summary>
/// A version reads each task's outcome from the outcome history as of its watermark. Outcomes scored before the history
/// was kept have no revision: the build gives them their first one, so their labels are in the version.
/// </summary>
public sealed class DatasetOutcomeHistoryTests : ScenarioWithoutRecomputeWorker
{
    [Fact]
    public async Task CreateVersion_OutcomesWithoutHistory_GetTheirFirstRevisionAndTheirLabels()
    {
        var (project, tasks) = await S.LabeledProjectAsync();
        await S.App.Services.GetRequiredService<QualityRecomputeRunner>().BringUpToDateAsync(project, CancellationToken.None);
        var before = await S.Lead.CreateVersionAsync(project, new { name = "With the history", formats = new[] { "jsonl" } });
        Assert.Equal(3, before.GetProperty("taskCount").GetInt32());

        // Two of the three scored tasks lose their history, as if scored before it was kept.
        var lost = await S.App.QueryAsync(db => db.TaskOutcomeRevisions.Where(r => r.TaskId == tasks[0] || r.TaskId == tasks[1]).ExecuteDeleteAsync());
        Assert.True(lost >= 2);

        var after = await S.Lead.CreateVersionAsync(project, new { name = "History restored", formats = new[] { "jsonl" } });

        Assert.Equal(3, after.GetProperty("taskCount").GetInt32());
        var outcomes = await S.App.QueryAsync(db => db.TaskOutcomes.CountAsync(o => o.ProjectId == project));
        var withHistory = await S.App.QueryAsync(db => db.TaskOutcomeRevisions.Where(r => r.ProjectId == project).Select(r => r.TaskId).Distinct().CountAsync());
        Assert.Equal(outcomes, withHistory);
        var jsonl = System.Text.Encoding.UTF8.GetString(await S.Lead.DownloadAsync(after.GetProperty("id").GetInt64(), "jsonl"));
        Assert.Contains($"\"task_id\":{tasks[0]},", jsonl, StringComparison.Ordinal);
        Assert.Contains($"\"task_id\":{tasks[1]},", jsonl, StringComparison.Ordinal);
    }
}
