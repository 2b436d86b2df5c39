using Bunit;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Web.Features.Quality.Components;

namespace LabelStudio.ComponentTests.Quality;

public sealed class QualityComponentsTests : BunitTestBase
{
    private static readonly OutcomeCounts Outcomes = new(Tasks: 40, Complete: 30, Agreed: 25, Conflict: 5, Resolved: 0, Invalid: 0);

    [Fact]
    public void MeasureCards_SingleChoice_ShowsAlphaWithIntervalFleissAndAc1()
    {
        var measures = new ControlMeasures("sentiment", ConsensusKind.Category, "Nominal", 90, 30, 30, Alpha: 0.7432, AlphaLower: 0.61,
            AlphaUpper: 0.85, FleissKappa: 0.4301, Ac1: 0.5, PercentAgreement: 0.8, MeanPairwiseKappa: 0.42, MeanPairwiseAgreement: 0.8);

        var cards = Render<MeasureCards>(p => p.Add(c => c.Measures, measures).Add(c => c.Outcomes, Outcomes));

        Assert.Equal("0.743", cards.Find("[data-testid=quality-alpha-value]").TextContent);
        Assert.Contains("0.610 – 0.850", cards.Find("[data-testid=quality-alpha]").TextContent, StringComparison.Ordinal);
        Assert.Equal("0.430", cards.Find("[data-testid=quality-fleiss-value]").TextContent);
        Assert.Contains("moderate agreement", cards.Find("[data-testid=quality-fleiss]").TextContent, StringComparison.Ordinal);
        Assert.Equal("0.500", cards.Find("[data-testid=quality-ac1-value]").TextContent);
        Assert.Equal("80 %", cards.Find("[data-testid=quality-percent-value]").TextContent);
        Assert.Equal("5", cards.Find("[data-testid=quality-conflicts]").TextContent);
        Assert.Equal("25", cards.Find("[data-testid=quality-agreed]").TextContent);
    }

    [Fact]
    public void MeasureCards_Spans_HeadlineIsExactSpanF1_WithOverlapAndTokenAlphaSecondary()
    {
        var measures = new ControlMeasures("label", ConsensusKind.Spans, "Token", 6, 2, 2, Alpha: 0.789, AlphaLower: null, AlphaUpper: null,
            FleissKappa: null, Ac1: null, PercentAgreement: null, MeanPairwiseKappa: null, MeanPairwiseAgreement: 0.5, ExactF1: 0.5, OverlapF1: 0.75);

        var cards = Render<MeasureCards>(p => p.Add(c => c.Measures, measures).Add(c => c.Outcomes, Outcomes));

        var order = cards.FindAll("[data-testid^=quality-]").Select(e => e.GetAttribute("data-testid")).Where(id => !id!.EndsWith("-value", StringComparison.Ordinal)).ToList();
        Assert.Equal("quality-f1-exact", order[1]); // right after the grid itself
        Assert.Equal("0.500", cards.Find("[data-testid=quality-f1-exact-value]").TextContent);
        Assert.Equal("0.750", cards.Find("[data-testid=quality-f1-value]").TextContent);
        Assert.Contains("secondary", cards.Find("[data-testid=quality-alpha]").TextContent, StringComparison.Ordinal);
        Assert.Equal("0.789", cards.Find("[data-testid=quality-alpha-value]").TextContent);
        Assert.Empty(cards.FindAll("[data-testid=quality-fleiss]"));
    }

    [Fact]
    public void MeasureCards_UndefinedMeasures_ShowADash()
    {
        var measures = new ControlMeasures("topics", ConsensusKind.MultiChoice, "MASI", 6, 2, 2, Alpha: null, AlphaLower: null, AlphaUpper: null,
            FleissKappa: null, Ac1: null, PercentAgreement: null, MeanPairwiseKappa: null, MeanPairwiseAgreement: 0.5);

        var cards = Render<MeasureCards>(p => p.Add(c => c.Measures, measures).Add(c => c.Outcomes, Outcomes));

        Assert.Equal("—", cards.Find("[data-testid=quality-alpha-value]").TextContent);
        Assert.Empty(cards.FindAll("[data-testid=quality-fleiss]"));
        Assert.Equal("0.500", cards.Find("[data-testid=quality-agreement-value]").TextContent);
    }

    [Fact]
    public void RaterTable_FlagsSpammers_AndOrdersByRatings()
    {
        RaterRow[] raters =
        [
            new("u1", "Ada", "ada@example.org", new RaterQuality("u1", 12, 0.9, 0.95, 0.8, 0.9, false, 0.85)),
            new("u2", "Bob", "bob@example.org", new RaterQuality("u2", 40, 0.3, 0.35, 0.05, 0.02, true, 0.3)),
        ];

        var table = Render<RaterTable>(p => p.Add(t => t.Raters, raters));

        var rows = table.FindAll("[data-testid=rater-row]");
        Assert.Equal(2, rows.Count);
        Assert.Equal("Bob", rows[0].QuerySelector("[data-testid=rater-name]")!.TextContent);
        Assert.NotNull(rows[0].QuerySelector("[data-testid=spammer-chip]"));
        Assert.Null(rows[1].QuerySelector("[data-testid=spammer-chip]"));
        Assert.Equal("90 %", rows[1].QuerySelector("[data-testid=rater-loo]")!.TextContent);
        Assert.Equal("95 %", rows[1].QuerySelector("[data-testid=rater-ds]")!.TextContent);
        Assert.Equal("0.800", rows[1].QuerySelector("[data-testid=rater-kappa]")!.TextContent);
    }

    [Fact]
    public void ConflictList_ShowsReasonsAnswersAndCandidate()
    {
        var page = new ConflictPage(1, 1, 10,
        [
            new ConflictView(7, """{"text":"meh"}""", "meh", 0.667, ["Tie", "LowShare"], 0.333, null, "majority", "[]", "Positive",
                [new RaterAnswerView("u1", "Ada", "[]", "Positive"), new RaterAnswerView("u2", "Bob", "[]", "Negative")], DateTime.UtcNow),
        ]);

        var list = Render<ConflictList>(p => p.Add(c => c.Page, page));

        var row = list.Find("[data-testid=conflict-row]");
        Assert.Equal("meh", row.QuerySelector("[data-testid=conflict-text]")!.TextContent);
        Assert.Equal(["Tie", "Low majority share"], row.QuerySelectorAll("[data-testid=conflict-reason]").Select(e => e.TextContent.Trim()));
        Assert.Equal(2, row.QuerySelectorAll("[data-testid=conflict-answer]").Length);
        Assert.Contains("Positive", row.QuerySelector("[data-testid=conflict-candidate]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void RaterTable_WithGold_ShowsGoldAccuracy()
    {
        RaterRow[] raters =
        [
            new("u1", "Ada", "ada@example.org", new RaterQuality("u1", 12, 0.9, 0.95, 0.8, 0.9, false, 0.85, GoldAccuracy: 0.75, GoldRatings: 4)),
            new("u2", "Bob", "bob@example.org", new RaterQuality("u2", 10, 0.3, 0.35, 0.05, 0.02, false, 0.3)),
        ];

        var table = Render<RaterTable>(p => p.Add(t => t.Raters, raters));

        var rows = table.FindAll("[data-testid=rater-row]");
        Assert.Contains("75 %", rows[0].QuerySelector("[data-testid=rater-gold]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("—", rows[1].QuerySelector("[data-testid=rater-gold]")!.TextContent.Trim());
    }

    [Fact]
    public void RaterTable_WithoutGold_HasNoGoldColumn()
    {
        RaterRow[] raters = [new("u1", "Ada", "ada@example.org", new RaterQuality("u1", 12, 0.9, 0.95, 0.8, 0.9, false, 0.85))];

        var table = Render<RaterTable>(p => p.Add(t => t.Raters, raters));

        Assert.Empty(table.FindAll("[data-testid=rater-gold]"));
    }

    [Fact]
    public void ConflictList_GoldConflict_ShowsGold_AndLeadActions()
    {
        var answer = """[{"id":"r1","from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Positive"]}}]""";
        var view = new ConflictView(5, "{}", "fine", 1, ["GoldDisagreement"], 1, null, "majority", answer, "Positive",
            [new RaterAnswerView("u1", "Ada", answer, "Positive")], DateTime.UtcNow, "[]", "Negative");
        var page = new ConflictPage(1, 1, 10, [view], new GoldChoiceControl("sentiment", "text", ["Positive", "Negative", "Neutral"]));
        long? used = null;

        var list = Render<ConflictList>(p => p.Add(c => c.Page, page).Add(c => c.CanSetGold, true)
            .Add(c => c.OnUseConsensus, (long id) => used = id));

        Assert.Equal("Negative", list.Find("[data-testid=conflict-gold]").TextContent.Trim());
        Assert.Equal("Disagrees with gold", list.Find("[data-testid=conflict-reason]").TextContent.Trim());
        Assert.NotNull(list.Find("[data-testid=conflict-remove-gold]"));
        list.Find("button[data-testid=conflict-use-consensus]").Click();
        Assert.Equal(5, used);
    }

    [Fact]
    public void ConflictList_WithoutLeadRights_HasNoGoldActions()
    {
        var view = new ConflictView(5, "{}", "fine", 0.5, ["Tie"], 0.5, null, "majority", "[]", "Positive", [], DateTime.UtcNow);

        var list = Render<ConflictList>(p => p.Add(c => c.Page, new ConflictPage(1, 1, 10, [view])));

        Assert.Empty(list.FindAll("[data-testid=conflict-gold-actions]"));
        Assert.Empty(list.FindAll("[data-testid=conflict-gold]"));
    }

    [Fact]
    public void ConflictList_SpanTie_OffersNoConsensusAsGold_ButLetsTheLeadSetGold()
    {
        var view = new ConflictView(5, "{}", "Ada met Charles", 0.5, ["Tie"], 0.33, null, "span-majority", "[]", "PER Charles", [], DateTime.UtcNow,
            SpanTie: true);

        var list = Render<ConflictList>(p => p.Add(c => c.Page, new ConflictPage(1, 1, 10, [view])).Add(c => c.CanSetGold, true));

        Assert.NotNull(list.Find("[data-testid=conflict-gold-actions]"));
        Assert.Empty(list.FindAll("[data-testid=conflict-use-consensus]"));
    }
}
