using System.Security.Claims;
using Bunit;
using LabelStudio.ComponentTests.Review;
using LabelStudio.Data.Database;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Labeling;
using LabelStudio.Data.Projects;
using LabelStudio.Web.Features.Labeling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.ComponentTests.Labeling;

/// <summary>
/// The labeling page against the real services: an incomplete answer is checked once, by the server's rules, and each
/// problem appears once at its control and once in the list above the task.
/// </summary>
public sealed class LabelPageValidationTests : BunitTestBase, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private ReviewBackend _backend = null!;
    private string _dan = "";

    async Task IAsyncLifetime.InitializeAsync()
    {
        _backend = await ReviewBackend.StartAsync();
        await using (var db = await _backend.Get<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            _dan = await db.Users.Where(u => u.DisplayName == "Dan").Select(u => u.Id).SingleAsync();
        }
        foreach (var service in new[] { typeof(LabelingService), typeof(DraftService), typeof(RevisionService), typeof(ProjectService), typeof(LabelingConfigCache),
                     typeof(InstructionsHistory) })
        {
            Context.Services.AddSingleton(service, _backend.Services.CreateScope().ServiceProvider.GetRequiredService(service));
        }
        var auth = Context.AddAuthorization();
        auth.SetAuthorized("dan@example.org");
        auth.SetRoles(Roles.Rater);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, _dan));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task Submit_RequiredChoiceMissing_TheProblemShowsOnceAtTheControlAndOnceAbove_NothingIsStored_ThenAChoiceGoesThrough()
    {
        var page = Render<LabelPage>(p => p.Add(c => c.ProjectId, _backend.ProjectId));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("button[data-testid=submit]")), Patience);

        page.Find("button[data-testid=submit]").Click();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=validation-error]")), Patience);
        var atControl = page.Find("[data-testid=control-error-sentiment]").TextContent.Trim();
        Assert.Contains("required", atControl, StringComparison.OrdinalIgnoreCase);
        var listed = page.FindAll("[data-testid=validation-error] li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal([atControl], listed);
        Assert.Contains("Fix this before submitting", page.Find("[data-testid=validation-error]").TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await AnswersByDanAsync());

        page.Find("[data-testid=choice-Positive]").Click();

        Assert.Empty(page.FindAll("[data-testid=validation-error]"));
        Assert.Empty(page.FindAll("[data-testid=control-error-sentiment]"));
        page.Find("button[data-testid=submit]").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("button[data-testid=submit]")), Patience);
        Assert.Equal(1, await AnswersByDanAsync());
    }

    private async Task<int> AnswersByDanAsync()
    {
        await using var db = await _backend.Get<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.Annotations.CountAsync(a => a.UserId == _dan);
    }
}
