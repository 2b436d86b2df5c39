using Bunit;
using LabelStudio.Data.Feedback;
using LabelStudio.Web.Features.Feedback.Components;

namespace LabelStudio.ComponentTests.Feedback;

public sealed class GradedAndDriftComponentsTests : BunitTestBase
{
    private static FeedbackGraded Ordinal() => new()
    {
        Mode = "ordinal", Description = "proportional-odds model", Threshold = 0.9, SeedPairs = 400, SeedCoverage = 0.25,
        SeedAccuracy = 0.93, SeedAccuracyLow = 0.88, SeedAccuracyHigh = 0.96, SeedSpearman = 0.84,
        Grades = Enumerable.Range(0, 5).Select(k => new GradeCalibrationView(k, 80 - 10 * k, 0.2, 0.01 * (k + 1),
            [new ReliabilityBinView(0, 0.1, 30, 0.05, 0.04), new ReliabilityBinView(0.9, 1, 12, 0.95, 0.92)])).ToList(),
        Labelled = [120, 0, 0, 0, 7], MostLikely = [500, 200, 150, 90, 40], Abstained = 853,
    };

    [Fact]
    public void GradedView_ShowsDistributionCalibrationAndTheSeedAccuracyInterval()
    {
        var cut = Render<GradedView>(p => p.Add(c => c.Graded, Ordinal()));

        Assert.Equal(5, cut.FindAll("[data-testid=feedback-graded-bar]").Count);
        Assert.Contains("120 / 500", cut.FindAll("[data-testid=feedback-graded-bar]")[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("0.050", cut.Find("[data-testid=feedback-graded-ece-4]").TextContent.Trim());
        var sentence = cut.Find("[data-testid=feedback-graded-sentence]").TextContent;
        Assert.Contains("127", sentence, StringComparison.Ordinal);
        Assert.Contains("0.84", sentence, StringComparison.Ordinal);
        Assert.Equal(10, cut.FindAll("[data-testid=feedback-graded-reliability] circle").Count);
    }

    [Fact]
    public void GradedView_WithoutAGradedModel_SaysWhy()
    {
        var cut = Render<GradedView>(p => p.Add(c => c.Graded, new FeedbackGraded { Mode = "none", Description = "the seed has 12 pairs" }));

        Assert.Contains("the seed has 12 pairs", cut.Find("[data-testid=feedback-graded-none]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=feedback-graded-bar]"));
    }

    [Fact]
    public void ClickDriftView_MarksTheRanksThatMoved()
    {
        var drift = new FeedbackDrift
        {
            Warning = true, Summary = "Click-through moved beyond sampling noise at rank 2.", ComparedWith = [3],
            Ranks =
            [
                new RankDriftView(1, 1000, 500, 0.5, 1, 2000, 1010, 0.505, 1, -0.005, 0.019, false),
                new RankDriftView(2, 1000, 150, 0.15, 0.4, 2000, 560, 0.28, 0.6, -0.13, 0.015, true),
            ],
        };

        var cut = Render<ClickDriftView>(p => p.Add(c => c.Drift, drift));

        Assert.Equal("true", cut.Find("[data-testid=feedback-drift]").GetAttribute("data-warning"));
        Assert.Contains("rank 2", cut.Find("[data-testid=feedback-drift-summary]").TextContent, StringComparison.Ordinal);
        var bars = cut.FindAll("[data-testid=feedback-drift-bar]");
        Assert.Equal(["false", "true"], bars.Select(b => b.GetAttribute("data-moved")));
        Assert.Equal(2, cut.FindAll("[data-testid=feedback-drift-table] tbody tr").Count);
    }
}
