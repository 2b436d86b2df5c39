using Bunit;
using LabelStudio.Data.Admin;
using LabelStudio.Data.Common;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Projects;
using LabelStudio.Data.Review;
using LabelStudio.Quality;
using LabelStudio.Web.Features.Review;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.ComponentTests.Review;

/// <summary>
/// The review page against the real services, with two open conflicts (two 1-1-1 ties): the next conflict opens after
/// a decision, and another lead's decision moves the count on this lead's page without a reload.
/// </summary>
public sealed class ReviewPageTests : BunitTestBase, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private ReviewBackend _backend = null!;
    private long _second;

    async Task IAsyncLifetime.InitializeAsync()
    {
        _backend = await ReviewBackend.StartAsync();
        _second = await _backend.RateSecondTaskAsync(("Ada", "Positive"), ("Ben", "Negative"), ("Dan", "Neutral"));
        _backend.SignInLead(Context);
        foreach (var service in new[] { typeof(ProjectService), typeof(ConflictQueueService), typeof(TaskDetailService), typeof(TaskBrowserService),
                     typeof(ReviewStatsService), typeof(GoldCheckService), typeof(ReviewNotifier) })
        {
            Context.Services.AddSingleton(service, _backend.Services.CreateScope().ServiceProvider.GetRequiredService(service));
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _backend.DisposeAsync();
    }

    private IRenderedComponent<ReviewPage> RenderPage() => Render<ReviewPage>(p => p.Add(c => c.ProjectId, _backend.ProjectId));

    private static long OpenTask(IRenderedComponent<ReviewPage> page) =>
        long.Parse(page.Find("[data-testid=review-panel]").GetAttribute("data-task-id")!, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Decide_TwoConflicts_TheNextOneOpensAtOnce_ThenTheQueueIsDone()
    {
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Equal("2", page.Find("[data-testid=conflict-count]").TextContent), Patience);
        var first = OpenTask(page);
        Assert.Contains(first, new[] { _backend.TaskId, _second });

        page.FindAll("button[data-testid=accept-answer]")[0].Click();

        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=conflict-count]").TextContent), Patience);
        var next = OpenTask(page);
        Assert.NotEqual(first, next);
        Assert.Contains(next, new[] { _backend.TaskId, _second });
        Assert.Equal("Conflict", page.Find("[data-testid=review-state]").TextContent);

        page.Find("button[data-testid=mark-invalid]").Click();

        page.WaitForAssertion(() => Assert.Equal("0", page.Find("[data-testid=conflict-count]").TextContent), Patience);
        Assert.Empty(page.FindAll("[data-testid=review-panel]"));
        Assert.Equal("No open conflicts", page.Find("[data-testid=queue-empty]").TextContent);
    }

    [Fact]
    public async Task AnotherLeadResolves_TheCountFollowsWithoutAReload_AndTheOpenTaskSaysItWasDecided()
    {
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Equal("2", page.Find("[data-testid=conflict-count]").TextContent), Patience);
        var open = OpenTask(page);
        var other = open == _backend.TaskId ? _second : _backend.TaskId;
        var secondLead = await SecondLeadAsync();

        await _backend.Get<ResolutionService>().ResolveAsync(other, new ResolutionRequest(ResolutionDecision.Invalid, Comment: "spam"), secondLead);

        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=conflict-count]").TextContent), Patience);
        Assert.Equal(open, OpenTask(page));
        Assert.Empty(page.FindAll("[data-testid=task-gone]"));

        await _backend.Get<ResolutionService>().ResolveAsync(open, new ResolutionRequest(ResolutionDecision.Invalid), secondLead);

        page.WaitForAssertion(() => Assert.Equal("0", page.Find("[data-testid=conflict-count]").TextContent), Patience);
        Assert.NotNull(page.Find("[data-testid=task-gone]"));
    }

    private async Task<Actor> SecondLeadAsync()
    {
        var users = _backend.Get<UserService>();
        var id = (await users.CreateAsync(new NewUser("lea@example.org", "Lea Second", Roles.Lead, "Password-123"), Actor.System)).User.Id;
        await _backend.Get<ProjectService>().SetMemberAsync(_backend.ProjectId, id, ProjectRole.Lead, Actor.System);
        return new Actor(id, IsAdmin: false, IsLead: true);
    }
}
