using System.Net;
using LabelStudio.Data.Database;
using LabelStudio.Data.Quality;
using LabelStudio.Data.Review;
using LabelStudio.IntegrationTests.Infrastructure;
using LabelStudio.IntegrationTests.Review;
using LabelStudio.Quality;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.IntegrationTests.Quality;

/// <summary>
/// With overlap 1 most tasks have one rating. The recompute re-scores them with the Dawid–Skene model; a rater the model
/// finds unreliable has a low posterior on every answer, and that alone must not turn an uncontested answer into a
/// conflict, or the project's final labels would be nearly empty.
/// </summary>
public sealed class SingleRatingOutcomeTests : IAsyncLifetime
{
    private static readonly string[] Classes = ["Positive", "Negative", "Neutral"];
    private ReviewScenario _s = null!;

    public async Task InitializeAsync() => _s = await ReviewScenario.StartAsync(raters: 1);

    public async Task DisposeAsync() => await _s.DisposeAsync();

    private static string Line(string text, params (int Author, string Choice)[] answers) =>
        $$$"""{"data":{"text":"{{{text}}}"},"annotations":[{{{string.Join(",", answers.Select(a =>
            $$"""{"completed_by":{{a.Author}},"was_cancelled":false,"result":[{{ReviewScenario.Choice(a.Choice)}}]}"""))}}}]}""";

    [Fact]
    public async Task Recompute_OverlapOneWithAnUnreliableRater_NoSingleRatingTaskIsAConflictAndAllHaveFinalLabels()
    {
        var project = await _s.ProjectAsync("Overlap one", 1);
        var lines = new List<string>();
        // Shared tasks: authors 1 and 2 agree; author 3 answers something else on ten of twelve.
        for (var i = 0; i < 12; i++)
        {
            var truth = Classes[i % 3];
            lines.Add(Line($"shared {i}", (1, truth), (2, truth), (3, i < 10 ? Classes[(i + 1) % 3] : truth)));
        }
        // Tasks only author 3 rated.
        for (var i = 0; i < 6; i++) lines.Add(Line($"single {i}", (3, Classes[i % 3])));
        Assert.Equal(HttpStatusCode.Created, (await _s.Admin.ImportAsync(project, "ratings.jsonl", string.Join('\n', lines) + "\n")).StatusCode);
        await _s.WaitForSnapshotAsync(project, ratings: 12 * 3 + 6);

        using var scope = _s.App.Services.CreateScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var single = await db.Tasks.Where(t => t.ProjectId == project && t.CompletedCount == 1).Select(t => t.Id).ToListAsync();
        Assert.Equal(6, single.Count);
        var outcomes = await db.TaskOutcomes.Where(o => single.Contains(o.TaskId)).ToListAsync();
        Assert.Equal(6, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(TaskOutcomeState.Agreed, o.State));
        // A model was fitted, so the single ratings were re-scored with it at hand.
        Assert.True(await db.QualitySnapshots.AnyAsync(q => q.ProjectId == project && q.DawidSkeneModelJson != null));

        var projectRow = await db.Projects.AsNoTracking().FirstAsync(p => p.Id == project);
        var finals = await scope.ServiceProvider.GetRequiredService<FinalLabelService>().DeriveAsync(db, projectRow, single, CancellationToken.None);
        Assert.All(single, id => Assert.True(finals[id].HasLabel, $"task {id} has no final label"));
    }
}
