using System.Security.Claims;
using Bunit;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Projects;
using LabelStudio.Data.Review;
using LabelStudio.Web.Features.Review.Components;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.ComponentTests.Review;

/// <summary>Span answers on the review panel: every rater's spans overlaid, in the side-by-side order, differences marked.</summary>
public sealed class SpanReviewPanelTests : BunitTestBase, IAsyncLifetime
{
    private ReviewBackend _backend = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        _backend = await ReviewBackend.StartAsync(spans: true);
        _backend.SignInLead(Context);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task SpanConflict_OverlayLanesFollowTheColumns_AndTheDifferingSpanIsMarked()
    {
        var detail = await _backend.Get<TaskDetailService>().GetAsync(_backend.TaskId, _backend.Lead);

        var panel = Render<TaskReviewPanel>(p => p.Add(c => c.Detail, detail));

        Assert.Equal(["Ada", "Ben", "Cara"], panel.FindAll("[data-testid=sbs-rater-name]").Select(e => e.TextContent));
        var lanes = panel.FindAll("[data-testid=overlay-rater]").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(["1 Ada", "2 Ben", "3 Cara"], lanes);
        Assert.NotEmpty(panel.FindAll("[data-testid=overlay-diff]"));
        Assert.Equal(2, panel.FindAll("[data-testid=overlay-row]").Count);
        // Ben marked only "Ada": in his side-by-side cell that span differs from the majority's "Ada Lovelace".
        var cells = panel.FindAll("[data-testid=sbs-cell]");
        Assert.Equal(["false", "true", "false"], cells.Select(c => c.QuerySelector("[data-differs]")!.GetAttribute("data-differs")));
    }

    [Fact]
    public async Task Edit_OnASpanProject_OpensTheComposerWithTheOverlay()
    {
        var detail = await _backend.Get<TaskDetailService>().GetAsync(_backend.TaskId, _backend.Lead);
        var panel = Render<TaskReviewPanel>(p => p.Add(c => c.Detail, detail));

        await panel.InvokeAsync(() => panel.Instance.OnReviewKey("e"));

        Assert.Single(panel.FindAll("[data-testid=span-composer]"));
        Assert.NotEmpty(panel.FindAll("[data-testid=overlay-take]"));
    }
}
