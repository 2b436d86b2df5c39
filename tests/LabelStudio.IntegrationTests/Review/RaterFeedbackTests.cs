using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Common;
using LabelStudio.Data.Projects;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.IntegrationTests.Review;

/// <summary>A rater's feedback (final label differs from their answer) and what changed in the instructions.</summary>
public sealed class RaterFeedbackTests : IAsyncLifetime
{
    private ReviewScenario _s = null!;

    public async Task InitializeAsync() => _s = await ReviewScenario.StartAsync();

    public async Task DisposeAsync() => await _s.DisposeAsync();

    private async Task<JsonElement> FeedbackAsync(int rater, bool markRead = false) =>
        await _s.Raters[rater].GetFromJsonAsync<JsonElement>($"/api/me/feedback?markRead={markRead.ToString().ToLowerInvariant()}");

    [Fact]
    public async Task Resolution_AgainstARater_ShowsTheFinalAnswerAndComment_UnreadUntilOpened()
    {
        var project = await _s.ProjectAsync("Feedback", 3, "sarcastic review");
        var task = await _s.ChoicesAsync(project, "Positive", "Negative", "Neutral");
        var negative = await _s.App.QueryAsync(db => db.Annotations.Where(a => a.TaskId == task && a.ResultJson.Contains("Negative")).Select(a => a.Id).SingleAsync());
        await _s.ResolveAsync(task, $$"""{"decision":"accept","annotation_id":{{negative}},"comment":"Sarcasm is Negative."}""");

        var feedback = await FeedbackAsync(0);

        var item = Assert.Single(feedback.GetProperty("items").EnumerateArray());
        Assert.Equal("Positive", item.GetProperty("yourAnswer").GetString());
        Assert.Equal("Negative", item.GetProperty("finalAnswer").GetString());
        Assert.Equal("Sarcasm is Negative.", item.GetProperty("comment").GetString());
        Assert.Equal("Resolution", item.GetProperty("origin").GetString());
        Assert.True(item.GetProperty("unread").GetBoolean());
        Assert.Empty((await FeedbackAsync(1)).GetProperty("items").EnumerateArray());
        Assert.Equal(1, (await FeedbackAsync(0, markRead: true)).GetProperty("unread").GetInt32());
        Assert.Equal(0, (await FeedbackAsync(0)).GetProperty("unread").GetInt32());
        Assert.Single((await FeedbackAsync(0)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Consensus_AgainstTheMinority_IsFeedbackForThemOnly_AndGoldStaysHidden()
    {
        var project = await _s.ProjectAsync("Minority", 3, "fine", "secret gold");
        await _s.ChoicesAsync(project, "Positive", "Positive", "Neutral");
        var gold = await _s.ChoicesAsync(project, "Positive", "Positive", "Positive");
        await _s.Lead.PutAsync($"/api/tasks/{gold}/gold", ReviewScenario.Json($"[{ReviewScenario.Choice("Negative")}]"));

        var minority = (await FeedbackAsync(2)).GetProperty("items").EnumerateArray().ToList();

        var item = Assert.Single(minority);
        Assert.Equal("Consensus", item.GetProperty("origin").GetString());
        Assert.Equal("Positive", item.GetProperty("finalAnswer").GetString());
        Assert.Empty((await FeedbackAsync(0)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Instructions_Changed_RaterSeesTheDifferenceOnce()
    {
        var project = await _s.ProjectAsync("Guide", 3);
        Assert.Equal(HttpStatusCode.NoContent, (await _s.Raters[0].GetAsync($"/api/projects/{project}/instructions/changes")).StatusCode);
        using (var scope = _s.App.Services.CreateScope())
        {
            var projects = scope.ServiceProvider.GetRequiredService<ProjectService>();
            var p = await projects.GetAsync(project, Actor.System);
            await projects.UpdateAsync(project, new ProjectDraft(p.Name, p.Description, "Mark sarcasm as Negative.\nSkip spam.",
                p.LabelConfigXml, new ProjectSettings(p.Overlap)), Actor.System);
        }

        var change = await _s.Raters[0].GetFromJsonAsync<JsonElement>($"/api/projects/{project}/instructions/changes");

        Assert.Equal(1, change.GetProperty("fromVersion").GetInt32());
        Assert.Equal(2, change.GetProperty("toVersion").GetInt32());
        var added = change.GetProperty("lines").EnumerateArray().Where(l => l.GetProperty("change").GetInt32() == 1)
            .Select(l => l.GetProperty("text").GetString()).ToList();
        Assert.Equal(["Mark sarcasm as Negative.", "Skip spam."], added);
        Assert.Equal(HttpStatusCode.NoContent, (await _s.Raters[0].GetAsync($"/api/projects/{project}/instructions/changes")).StatusCode);
        Assert.Equal(2, await _s.App.QueryAsync(db => db.InstructionsVersions.CountAsync(v => v.ProjectId == project)));
    }
}
