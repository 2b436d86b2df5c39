using System.Globalization;
using Bunit;
using LabelStudio.Quality;
using LabelStudio.Web.Features.Quality.Components;

namespace LabelStudio.ComponentTests.Quality;

/// <summary>The quality page's views over time: the daily trend, the bars of the histogram and labels, the confusion matrices.</summary>
public sealed class QualityOverTimeViewsTests : BunitTestBase
{
    private static readonly DailyAgreement[] TwoDays =
    [
        new(new DateOnly(2026, 3, 2), 2, 6, 0.0, -0.4, 0.5, -0.2, 19.0 / 31, 2.0 / 3),
        new(new DateOnly(2026, 3, 3), 2, 6, 1.0 / 6, -0.2, 0.6, 0.0, 1.0 / 3, 0.5),
    ];

    [Fact]
    public void TrendChart_TwoDays_DrawsAlphaKappaAndAc1PerDay_WithTheAlphaInterval()
    {
        var chart = Render<TrendChart>(p => p.Add(c => c.Days, TwoDays));

        Assert.Equal(["Krippendorff's α", "Fleiss' κ", "Gwet's AC1", "α 95 % interval"],
            chart.FindAll(".ls-trend-legend > span").Select(s => s.TextContent.Trim()));
        var lines = chart.FindAll("polyline").Select(l => Points(l.GetAttribute("points")!)).ToList();
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.Equal(2, l.Count));
        // α rose from 0 to 1/6 and κ from −0.2 to 0 (up on screen is a smaller y); AC1 fell from 19/31 to 1/3.
        Assert.True(lines[0][1].Y < lines[0][0].Y);
        Assert.True(lines[1][1].Y < lines[1][0].Y);
        Assert.True(lines[2][1].Y > lines[2][0].Y);
        Assert.Equal(4, Points(chart.Find("polygon").GetAttribute("points")!).Count);
        Assert.Equal(["03-02", "03-03"], chart.FindAll("text").Select(t => t.TextContent).Where(t => t.Contains('-', StringComparison.Ordinal) && t.Length == 5));
        Assert.Equal("Agreement per day over 2 days; last day α 0.167", chart.Find("svg").GetAttribute("aria-label"));
    }

    [Fact]
    public void TrendChart_WithoutAlpha_DrawsTheMeanAgreement_AndNoDaysSaysWhenItAppears()
    {
        var spans = TwoDays.Select(d => d with { Alpha = null, AlphaLower = null, AlphaUpper = null, FleissKappa = null, Ac1 = null }).ToArray();

        var chart = Render<TrendChart>(p => p.Add(c => c.Days, spans));

        Assert.Equal(["Mean agreement"], chart.FindAll(".ls-trend-legend > span").Select(s => s.TextContent.Trim()));
        Assert.Single(chart.FindAll("polyline"));
        Assert.Empty(chart.FindAll("polygon"));

        var empty = Render<TrendChart>(p => p.Add(c => c.Days, []));
        Assert.Contains("two or more ratings", empty.Find("[data-testid=trend-empty]").TextContent, StringComparison.Ordinal);
        Assert.Empty(empty.FindAll("svg"));
    }

    [Fact]
    public void BarList_ShowsEachCountWithItsShare_AndAllZeroIsTheEmptyText()
    {
        var bars = Render<BarList>(p => p.Add(c => c.Bars, [new BarList.Bar("Positive", 6), new BarList.Bar("Negative", 5), new BarList.Bar("Neutral", 1)])
            .Add(c => c.TestId, "label-distribution"));

        var rows = bars.FindAll("[data-testid=bar-row]");
        Assert.Equal(["Positive", "Negative", "Neutral"], rows.Select(r => r.QuerySelector(".ls-bar-label")!.TextContent));
        Assert.Equal(["6 (50 %)", "5 (42 %)", "1 (8 %)"], rows.Select(r => r.QuerySelector(".ls-bar-value")!.TextContent.Trim()));
        Assert.Equal("width:100%", rows[0].QuerySelector(".ls-bar-fill")!.GetAttribute("style"));
        Assert.Equal("width:16.7%", rows[2].QuerySelector(".ls-bar-fill")!.GetAttribute("style"));

        var empty = Render<BarList>(p => p.Add(c => c.Bars, [new BarList.Bar("0–10 %", 0)]).Add(c => c.EmptyText, "No task has two or more ratings yet."));
        Assert.Empty(empty.FindAll("[data-testid=bar-row]"));
        Assert.Contains("No task has two or more ratings yet.", empty.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfusionMatrices_OneTablePerRaterInNameOrder_RowsTrueClassColumnsAnswer()
    {
        double[][] carol = [[0.6, 0.3, 0.1], [0.1, 0.8, 0.1], [0.15, 0.15, 0.7]];
        double[][] alice = [[0.9, 0.05, 0.05], [0.1, 0.85, 0.05], [0.2, 0.1, 0.7]];
        var model = new StoredDawidSkeneModel("sentiment", ["Positive", "Negative", "Neutral"], [0.5, 0.4, 0.1],
            [new StoredRaterConfusion("u-carol", carol), new StoredRaterConfusion("u-alice", alice)], -10, 20, true);

        var view = Render<ConfusionMatrices>(p => p.Add(c => c.Model, model)
            .Add(c => c.Names, new Dictionary<string, string> { ["u-carol"] = "Carol", ["u-alice"] = "Alice" }));

        var figures = view.FindAll("[data-testid=confusion-matrix]");
        Assert.Equal(["Alice", "Carol"], figures.Select(f => f.QuerySelector("figcaption")!.TextContent));
        Assert.Equal(["Positive", "Negative", "Neutral"], figures[1].QuerySelectorAll("tbody th").Select(h => h.TextContent));
        Assert.Equal(["Positive", "Negative", "Neutral"], figures[1].QuerySelectorAll("thead th[title]").Select(h => h.TextContent));
        var carolCells = figures[1].QuerySelectorAll("tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToArray()).ToList();
        Assert.Equal(["0.60", "0.30", "0.10"], carolCells[0]);
        Assert.Equal(["0.15", "0.15", "0.70"], carolCells[2]);
        // The diagonal (the rater was right) is the bold one.
        Assert.Contains("font-weight: 600", figures[1].QuerySelectorAll("tbody tr")[1].QuerySelectorAll("td")[1].GetAttribute("style"), StringComparison.Ordinal);
        Assert.DoesNotContain("font-weight", figures[1].QuerySelectorAll("tbody tr")[1].QuerySelectorAll("td")[0].GetAttribute("style"), StringComparison.Ordinal);

        var none = Render<ConfusionMatrices>(p => p.Add(c => c.Model, null));
        Assert.NotNull(none.Find("[data-testid=confusion-empty]"));
    }

    private static List<(double X, double Y)> Points(string points) =>
        [.. points.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split(','))
            .Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture)))];
}
