using System.Net;
using LabelStudio.Data.Review;
using Microsoft.Extensions.Time.Testing;

namespace LabelStudio.IntegrationTests.Review;

/// <summary>
/// A task that review sends back to raters counts in their "remaining" at once. The open-task count is cached for a few
/// seconds; the clock stands still here, so only dropping the cached count when the task reopens can show it.
/// </summary>
public sealed class RemainingCountTests : IAsyncLifetime
{
    private ReviewScenario _s = null!;

    public async Task InitializeAsync() => _s = await ReviewScenario.StartAsync(raters: 3, clock: new FakeTimeProvider(DateTimeOffset.UtcNow));

    public async Task DisposeAsync() => await _s.DisposeAsync();

    [Fact]
    public async Task MoreRatings_ReopenedTask_IsInTheOtherRatersRemainingAtOnce()
    {
        var project = await _s.ProjectAsync("More ratings", 2, "works");
        var task = await _s.ChoicesAsync(project, "Positive", "Negative");
        Assert.Equal(0, await _s.RemainingAsync(2, project));

        Assert.Equal(HttpStatusCode.Created, (await _s.ResolveAsync(task, """{"decision":"more_ratings","extra":1}""")).StatusCode);

        Assert.Equal(1, await _s.RemainingAsync(2, project));
        Assert.Equal(task, await _s.NextAsync(2, project));
    }

    [Fact]
    public async Task DynamicOverlap_GoldTurnsAnAgreedTaskIntoAConflict_ItIsInTheOtherRatersRemainingAtOnce()
    {
        var project = await _s.ProjectAsync("Dynamic overlap", 2, "works");
        await _s.ReviewSettingsAsync(project, new ReviewSettings(AutoExtraRatings: 1));
        var task = await _s.ChoicesAsync(project, "Positive", "Positive");
        Assert.Equal("Agreed", (await _s.OutcomeAsync(task)).GetProperty("state").GetString());
        Assert.Equal(0, await _s.RemainingAsync(2, project));

        // Gold that disagrees with both raters makes the task a conflict; the project asks for one more rating first.
        var gold = await _s.Lead.PutAsync($"/api/tasks/{task}/gold", ReviewScenario.Json("[" + ReviewScenario.Choice("Negative") + "]"));
        Assert.Equal(HttpStatusCode.OK, gold.StatusCode);

        Assert.Equal("Open", (await _s.OutcomeAsync(task)).GetProperty("state").GetString());
        Assert.Equal(1, await _s.RemainingAsync(2, project));
    }
}
