using Bunit;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Web.Components.Shared;
using LabelStudio.Web.Features.Review.Components;

namespace LabelStudio.ComponentTests.Review;

/// <summary>The queue list, the one design for "no access", and the dynamic-overlap sentence.</summary>
public sealed class ReviewViewsTests : BunitTestBase
{
    private static ConflictView Conflict(long id, string name, double priority, bool noMajority) =>
        new(id, "{}", "A long review text " + new string('x', 400), priority, ["Tie", "LowShare"], 0.33, null, "majority", "[]",
            noMajority ? "No majority" : "Positive", [], DateTime.UtcNow, Name: name, NoMajority: noMajority);

    [Fact]
    public void ConflictQueue_ItemsInGivenOrder_SelectedOneMarked_ClickOpens()
    {
        long opened = 0;
        var page = new ConflictPage(2, 1, 25, [Conflict(5, "reviews.jsonl #5", 0.67, true), Conflict(9, "q-17 · doc-3", 0.33, false)]);

        var queue = Render<ConflictQueue>(p => p.Add(c => c.Page, page).Add(c => c.SelectedTaskId, 9L)
            .Add(c => c.OnOpen, (long id) => opened = id));

        var items = queue.FindAll("[data-testid=queue-item]");
        Assert.Equal(["reviews.jsonl #5", "q-17 · doc-3"], queue.FindAll("[data-testid=queue-item-name]").Select(e => e.TextContent));
        Assert.Equal("true", items[1].GetAttribute("aria-current"));
        Assert.Contains("No majority", items[0].TextContent);
        Assert.Contains("Tie · Low majority share", items[0].TextContent);
        items[0].Click();
        Assert.Equal(5, opened);
    }

    [Fact]
    public void ConflictQueue_Empty_SaysSo()
    {
        var queue = Render<ConflictQueue>(p => p.Add(c => c.Page, new ConflictPage(0, 1, 25, [])));

        Assert.Contains("No open conflicts", queue.Find("[data-testid=queue-empty]").TextContent);
    }

    [Theory]
    [InlineData(AccessProblem.Kinds.Denied, "access-denied", "You do not have access to this page")]
    [InlineData(AccessProblem.Kinds.NotFound, "project-not-found", "Not found")]
    [InlineData(AccessProblem.Kinds.Paused, "rater-paused", "You are paused on this project")]
    public void AccessProblem_EveryKind_SameDesignOwnWords(AccessProblem.Kinds kind, string testId, string title)
    {
        var problem = Render<AccessProblem>(p => p.Add(c => c.Kind, kind));

        var section = problem.Find($"[data-testid={testId}]");
        Assert.Contains("ls-access-problem", section.ClassList);
        Assert.Equal(title, problem.Find(".ls-access-title").TextContent);
        Assert.Equal("/", problem.Find(".ls-access-action").GetAttribute("href"));
        Assert.Equal(section.GetAttribute("aria-labelledby"), problem.Find(".ls-access-title").Id);
    }

    [Fact]
    public void OverlapSummary_ReportsWhatTheExtraRatingsSettled()
    {
        var summary = Render<OverlapSummary>(p => p.Add(c => c.Stats, new LabelStudio.Data.Review.DynamicOverlapStats(2, 10, 7, 2, 1, 15)));

        Assert.Equal("7", summary.Find("[data-testid=overlap-settled]").TextContent);
        var text = System.Text.RegularExpressions.Regex.Replace(summary.Find("[data-testid=overlap-summary]").TextContent, @"\s+", " ");
        Assert.Contains("7 of 10 conflicts settled by extra ratings, 2 reached leads, 1 waiting", text);
    }
}
