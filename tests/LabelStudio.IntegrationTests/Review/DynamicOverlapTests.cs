using System.Net.Http.Json;
using System.Text.Json;
using LabelStudio.Data.Review;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.IntegrationTests.Review;

/// <summary>Dynamic overlap: extra ratings before a conflict reaches a lead, and what they settled.</summary>
public sealed class DynamicOverlapTests : IAsyncLifetime
{
    private ReviewScenario _s = null!;

    public async Task InitializeAsync() => _s = await ReviewScenario.StartAsync(raters: 4);

    public async Task DisposeAsync() => await _s.DisposeAsync();

    private async Task<JsonElement> OverlapAsync(long project) =>
        (await _s.Lead.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/review")).GetProperty("overlap");

    [Fact]
    public async Task Conflict_WithExtraRatings_GoesBackToRatersAndIsSettledByThem()
    {
        var project = await _s.ProjectAsync("Settled", 2, "works");
        await _s.ReviewSettingsAsync(project, new ReviewSettings(AutoExtraRatings: 2));

        var task = await _s.ChoicesAsync(project, "Positive", "Negative");

        Assert.Equal(0, (await _s.ConflictsAsync(project)).GetProperty("total").GetInt32());
        Assert.Equal("Open", (await _s.OutcomeAsync(task)).GetProperty("state").GetString());
        var row = await _s.App.QueryAsync(db => db.Tasks.SingleAsync(t => t.Id == task));
        Assert.Equal((3, 1, false), (row.RequiredRatings, row.AutoExtraRatings, row.IsComplete));

        Assert.Equal(task, await _s.NextAsync(2, project));
        await _s.SubmitAsync(2, task, "Positive");

        Assert.Equal("Agreed", (await _s.OutcomeAsync(task)).GetProperty("state").GetString());
        Assert.Equal(0, (await _s.ConflictsAsync(project)).GetProperty("total").GetInt32());
        var overlap = await OverlapAsync(project);
        Assert.Equal(1, overlap.GetProperty("escalated").GetInt32());
        Assert.Equal(1, overlap.GetProperty("settled").GetInt32());
        Assert.Equal(0, overlap.GetProperty("reachedLeads").GetInt32());
    }

    [Fact]
    public async Task Conflict_SurvivingEveryExtraRating_ReachesTheLeads()
    {
        var project = await _s.ProjectAsync("Survives", 2, "meh");
        await _s.ReviewSettingsAsync(project, new ReviewSettings(AutoExtraRatings: 2));
        var task = await _s.ChoicesAsync(project, "Positive", "Negative");

        await _s.SubmitAsync(2, (await _s.NextAsync(2, project))!.Value, "Neutral");
        Assert.Equal(0, (await _s.ConflictsAsync(project)).GetProperty("total").GetInt32());
        await _s.SubmitAsync(3, (await _s.NextAsync(3, project))!.Value, "Neutral");

        // 2 of 4 Neutral is still below the majority share: both extra ratings were used, so it goes to the leads.
        var conflicts = await _s.ConflictsAsync(project);
        Assert.Equal(1, conflicts.GetProperty("total").GetInt32());
        Assert.Equal(4, conflicts.GetProperty("items")[0].GetProperty("answers").GetArrayLength());
        var overlap = await OverlapAsync(project);
        Assert.Equal(1, overlap.GetProperty("reachedLeads").GetInt32());
        Assert.Equal(2, overlap.GetProperty("extraRatingsAsked").GetInt32());
        Assert.Equal(2, await _s.App.QueryAsync(db => db.Tasks.Where(t => t.Id == task).Select(t => t.AutoExtraRatings).SingleAsync()));
    }

    [Fact]
    public async Task Conflict_WhenNoRaterIsLeft_ReachesTheLeadsAtOnce()
    {
        var project = await _s.ProjectAsync("Nobody left", 4, "x");
        await _s.ReviewSettingsAsync(project, new ReviewSettings(AutoExtraRatings: 2));

        await _s.ChoicesAsync(project, "Positive", "Negative", "Neutral", "Positive");

        Assert.Equal(1, (await _s.ConflictsAsync(project)).GetProperty("total").GetInt32());
        Assert.Equal(0, (await OverlapAsync(project)).GetProperty("escalated").GetInt32());
    }
}
