using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LabelStudio.Data.Review;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.IntegrationTests.Review;

/// <summary>Gold checks mixed into raters' queues, gold accuracy, and pausing a rater below the threshold.</summary>
public sealed class GoldCheckTests : IAsyncLifetime
{
    private ReviewScenario _s = null!;

    public async Task InitializeAsync() => _s = await ReviewScenario.StartAsync(raters: 2);

    public async Task DisposeAsync() => await _s.DisposeAsync();

    /// <summary>The raters take turns until neither gets a task; returns the tasks each was served.</summary>
    private async Task<List<long>[]> TakeTurnsAsync(long project, Func<int, long, string> answer)
    {
        var served = new[] { new List<long>(), new List<long>() };
        for (var idle = 0; idle < 2;)
        {
            idle = 0;
            for (var rater = 0; rater < 2; rater++)
            {
                if (await _s.NextAsync(rater, project) is not { } task)
                {
                    idle++;
                    continue;
                }
                served[rater].Add(task);
                await _s.SubmitAsync(rater, task, answer(rater, task));
            }
        }
        return served;
    }

    [Fact]
    public async Task GoldTask_IsServedToEveryRater_BeyondItsOverlap_AndLooksLikeAnyTask()
    {
        var project = await _s.ProjectAsync("Mixing", 1);
        await _s.ImportWithGoldAsync(project, [.. Enumerable.Range(0, 10).Select(i => ($"plain {i}", (string?)null)), ("known answer", "Negative")]);
        await _s.ReviewSettingsAsync(project, new ReviewSettings(GoldRate: 0.5));
        var gold = await _s.App.QueryAsync(db => db.GoldAnswers.Where(g => g.ProjectId == project).Select(g => g.TaskId).SingleAsync());

        var next = await _s.Raters[1].GetAsync($"/api/projects/{project}/next");
        var shape = (await next.Content.ReadFromJsonAsync<JsonElement>()).EnumerateObject().Select(p => p.Name).ToList();
        var served = await TakeTurnsAsync(project, (rater, task) => rater == 1 && task == gold ? "Positive" : "Negative");

        // Overlap 1, yet both raters answered the gold task: one as a normal task or a check, the other as a check.
        Assert.Contains(gold, served[0]);
        Assert.Contains(gold, served[1]);
        Assert.Equal(11, served.SelectMany(s => s).Distinct().Count());
        Assert.Equal(2, await _s.App.QueryAsync(db => db.Annotations.CountAsync(a => a.TaskId == gold && a.Source == Data.Labeling.AnnotationSource.Rater)));
        Assert.DoesNotContain(shape, n => n.Contains("gold", StringComparison.OrdinalIgnoreCase));
        var accuracy = await _s.Lead.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/gold-accuracy");
        var byRater = accuracy.EnumerateArray().ToDictionary(r => r.GetProperty("userId").GetString()!);
        Assert.Equal(1.0, byRater[_s.RaterIds[0]].GetProperty("accuracy").GetDouble());
        Assert.Equal(0.0, byRater[_s.RaterIds[1]].GetProperty("accuracy").GetDouble());
    }

    [Fact]
    public async Task RaterBelowTheThreshold_IsPaused_LeadsAreTold_AndCanLetThemResume()
    {
        var project = await _s.ProjectAsync("Pausing", 1);
        await _s.ImportWithGoldAsync(project, ("one", "Positive"), ("two", "Positive"), ("three", "Positive"), ("four", null));
        await _s.ReviewSettingsAsync(project, new ReviewSettings(PauseBelowGoldAccuracy: 0.8, PauseAfterGoldTasks: 2));

        await _s.SubmitAsync(0, (await _s.NextAsync(0, project))!.Value, "Negative");
        Assert.NotNull(await _s.NextAsync(0, project));
        var held = (await _s.NextAsync(0, project))!.Value;
        await _s.SubmitAsync(0, held, "Negative");

        var refused = await _s.Raters[0].GetAsync($"/api/projects/{project}/next");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("paused", await refused.Content.ReadAsStringAsync());
        var summary = await _s.Lead.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/review");
        var paused = Assert.Single(summary.GetProperty("pausedRaters").EnumerateArray());
        Assert.Equal(_s.RaterIds[0], paused.GetProperty("userId").GetString());
        Assert.Contains("0 %", paused.GetProperty("pauseReason").GetString());
        Assert.NotNull(await _s.NextAsync(1, project));

        Assert.Equal(HttpStatusCode.Forbidden, (await _s.Raters[1].PostAsync($"/api/projects/{project}/members/{_s.RaterIds[0]}/resume", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _s.Lead.PostAsync($"/api/projects/{project}/members/{_s.RaterIds[0]}/resume", null)).StatusCode);
        Assert.NotNull(await _s.NextAsync(0, project));
        var member = await _s.App.QueryAsync(db => db.ProjectMembers.SingleAsync(m => m.ProjectId == project && m.UserId == _s.RaterIds[0]));
        Assert.Null(member.PausedAt);
        Assert.NotNull(member.GoldCountedFrom);
    }

    [Fact]
    public void Draw_IsFixedPerRaterAndCount_AndRoughlyUniform()
    {
        Assert.Equal(GoldCheckService.Draw("rater-a", 7), GoldCheckService.Draw("rater-a", 7));
        var below = Enumerable.Range(0, 4000).Count(n => GoldCheckService.Draw("rater-a", n) < 0.1);
        Assert.InRange(below, 320, 480);
    }
}
