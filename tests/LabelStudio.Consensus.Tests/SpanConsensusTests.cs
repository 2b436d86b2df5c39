using LabelStudio.Consensus;

namespace LabelStudio.Consensus.Tests;

/// <summary>Golden cases: the consensus is made of the raters' own spans, with their exact bounds.</summary>
public sealed class SpanConsensusTests
{
    private const int Per = 0, Org = 1, Loc = 2;

    private const string News =
        "Ada Lovelace met the Prime Minister of the United Kingdom. The University of Oxford sent her to Paris, " +
        "then to San Francisco, and on to Cape Canaveral. APEC and \U00020BB7野家 (𠮷野家) paid.";

    private static LabeledSpan S(string text, string part, int label, int occurrence = 0)
    {
        var start = -1;
        for (var i = 0; i <= occurrence; i++) start = text.IndexOf(part, start + 1, StringComparison.Ordinal);
        Assert.True(start >= 0, $"\"{part}\" is not in the text");
        return new LabeledSpan(start, start + part.Length, label);
    }

    private static string TextOf(string text, LabeledSpan span) => text[span.Start..span.End];

    private static LabeledSpan[] Everything() =>
    [
        S(News, "Ada Lovelace", Per), S(News, "United Kingdom", Loc), S(News, "University of Oxford", Org), S(News, "Oxford", Loc),
        S(News, "Paris", Loc), S(News, "San Francisco", Loc), S(News, "Cape Canaveral", Loc), S(News, "APEC", Org),
    ];

    [Fact]
    public void Compute_IdenticalRaters_ConsensusIsExactlyTheirSpans()
    {
        var spans = Everything();

        var result = SpanConsensus.Compute([spans, spans.Reverse().ToArray()]);

        Assert.Equal(spans.Order(Comparer<LabeledSpan>.Create(SpanConsensus.SpanOrder)), result.Spans);
        Assert.Equal(["United Kingdom", "Paris", "San Francisco", "Cape Canaveral"],
            result.Spans.Where(s => s.Label == Loc && TextOf(News, s) != "Oxford").Select(s => TextOf(News, s)).ToList());
        Assert.False(result.Tie);
        Assert.False(result.BoundaryDisagreement);
        Assert.Equal(1.0, result.Agreement);
        Assert.All(result.Verdicts, v => Assert.Equal(SpanStatus.Unanimous, v.Status));
    }

    [Fact]
    public void Compute_NestedAndOverlappingSpans_Survive()
    {
        const string text = "She toured New York City Hall at the University of Oxford.";
        LabeledSpan[] spans = [S(text, "New York City", Loc), S(text, "City Hall", Org), S(text, "University of Oxford", Org), S(text, "Oxford", Loc)];

        var result = SpanConsensus.Compute([spans, spans, spans]);

        Assert.Equal(4, result.Spans.Count);
        Assert.Equal(["New York City", "City Hall", "University of Oxford", "Oxford"], result.Spans.Select(s => TextOf(text, s)).ToList());
        Assert.False(result.Tie || result.BoundaryDisagreement);
    }

    [Fact]
    public void Compute_PunctuationAndWhitespace_NeverJoinASpan()
    {
        // Two of three raters marked "Paris", one "Paris." with the full stop: the majority's bounds stand.
        const string text = "He flew to Paris. Then home.";
        var paris = S(text, "Paris", Loc);
        var withStop = S(text, "Paris.", Loc);

        var result = SpanConsensus.Compute([[paris], [paris], [withStop]]);

        Assert.Equal([paris], result.Spans);
        Assert.Equal("Paris", TextOf(text, result.Spans[0]));
        Assert.False(result.BoundaryDisagreement);
        Assert.Equal(SpanStatus.Minority, result.Verdicts.Single(v => v.Span == withStop).Status);
    }

    [Fact]
    public void Compute_Disagreement_InventsNothing()
    {
        const string text = "Shares of Zürich Insurance fell in Zürich.";
        var company = S(text, "Zürich Insurance", Org);
        var city = S(text, "Zürich", Loc);
        var secondCity = S(text, "Zürich", Loc, occurrence: 1);
        List<IReadOnlyList<LabeledSpan>> raters = [[company, secondCity], [city, secondCity], [S(text, "Zürich Insurance", Org)]];

        var result = SpanConsensus.Compute(raters);

        var drawn = raters.SelectMany(r => r).ToHashSet();
        Assert.All(result.Spans, s => Assert.Contains(s, drawn));
        Assert.Contains(company, result.Spans);
        Assert.Contains(secondCity, result.Spans);
        Assert.DoesNotContain(result.Spans, s => TextOf(text, s).EndsWith('.'));
    }

    [Fact]
    public void Compute_LabelSplitBetweenTwoRaters_IsATie()
    {
        var apec = S(News, "APEC", Org);
        var cjk = S(News, "\U00020BB7野家", Org);

        var result = SpanConsensus.Compute([[apec, cjk], [apec with { Label = Loc }, cjk with { Label = Loc }]]);

        Assert.True(result.Tie);
        Assert.False(result.BoundaryDisagreement);
        // The candidate keeps the bounds and takes the first label in the configuration's order.
        Assert.Equal([apec, cjk], result.Spans);
        Assert.Equal("\U00020BB7野家", TextOf(News, result.Spans[1]));
        Assert.All(result.Verdicts, v => Assert.Equal(SpanStatus.LabelTie, v.Status));
    }

    [Fact]
    public void Compute_LabelMajority_IsNoTie()
    {
        var apec = S(News, "APEC", Org);

        var result = SpanConsensus.Compute([[apec], [apec], [apec with { Label = Loc }]]);

        Assert.False(result.Tie);
        Assert.Equal([apec], result.Spans);
        Assert.Equal(SpanStatus.Majority, result.Verdicts.Single(v => v.Span == apec).Status);
        Assert.Equal(SpanStatus.Minority, result.Verdicts.Single(v => v.Span.Label == Loc).Status);
    }

    [Fact]
    public void Compute_TwoRatersDisagreeOnBounds_IsABoundaryDisagreementWithTheBetterSupportedSpan()
    {
        const string text = "Flights to New York City resumed.";
        var short_ = S(text, "New York", Loc);
        var long_ = S(text, "New York City", Loc);

        var result = SpanConsensus.Compute([[short_], [long_]]);

        Assert.True(result.BoundaryDisagreement);
        Assert.False(result.Tie);
        var candidate = Assert.Single(result.Spans);
        Assert.Equal(short_, candidate); // both cover "New York"; "City" has one vote, so the short span is better supported
        Assert.All(result.Verdicts, v => Assert.Equal(SpanStatus.Boundary, v.Status));
        Assert.True(result.Verdicts.Single(v => v.Span == short_).InConsensus);
    }

    [Fact]
    public void Compute_ThreeDifferentBounds_TokenVotingPicksARatersSpan()
    {
        const string text = "New York City";
        List<IReadOnlyList<LabeledSpan>> raters = [[S(text, "New York", Loc)], [S(text, "New York City", Loc)], [S(text, "York City", Loc)]];

        var result = SpanConsensus.Compute(raters);

        Assert.True(result.BoundaryDisagreement);
        // Character support: "New York" 2.5, "York City" 2.44, "New York City" 2.31 raters per character.
        Assert.Equal([S(text, "New York", Loc)], result.Spans);
    }

    [Fact]
    public void Compute_NestedSpanWithDisputedBounds_IsABoundaryDisagreement()
    {
        const string text = "the University of Oxford, in England";
        var org = S(text, "University of Oxford", Org);

        var result = SpanConsensus.Compute([[org, S(text, "Oxford", Loc)], [org, S(text, "Oxford,", Loc)]]);

        Assert.True(result.BoundaryDisagreement);
        Assert.Contains(org, result.Spans);
        Assert.Contains(S(text, "Oxford", Loc), result.Spans);
    }

    [Fact]
    public void Compute_EntityMarkedByHalfTheRaters_IsATieAndLeftOut()
    {
        const string text = "She studied at Oxford.";

        var result = SpanConsensus.Compute([[S(text, "Oxford", Loc)], []]);

        Assert.True(result.Tie);
        Assert.Empty(result.Spans);
        Assert.Equal(SpanStatus.PresenceTie, Assert.Single(result.Verdicts).Status);
        Assert.Equal(0.0, result.Agreement);
    }

    [Fact]
    public void Compute_EntityMarkedByAMinority_IsDroppedWithoutATie()
    {
        const string text = "She studied at Oxford.";

        var result = SpanConsensus.Compute([[S(text, "Oxford", Loc)], [], []]);

        Assert.False(result.Tie);
        Assert.False(result.BoundaryDisagreement);
        Assert.Empty(result.Spans);
        Assert.Equal(SpanStatus.Minority, Assert.Single(result.Verdicts).Status);
    }

    [Fact]
    public void Compute_MultipleLabels_KeepsEachLabelMostRatersGave()
    {
        const string text = "Apple";
        var org = S(text, "Apple", Org);
        var loc = org with { Label = Loc };

        var split = SpanConsensus.Compute([[org, loc], [org]], SpanLabelMode.Multiple);
        var agreed = SpanConsensus.Compute([[org, loc], [org, loc], [org]], SpanLabelMode.Multiple);

        Assert.Equal([org], split.Spans);
        Assert.True(split.Tie);
        Assert.Equal([org, loc], agreed.Spans);
        Assert.False(agreed.Tie);
    }

    [Fact]
    public void Compute_DuplicateSpansOfOneRater_CountOnce()
    {
        const string text = "Oxford";
        var loc = S(text, "Oxford", Loc);

        var result = SpanConsensus.Compute([[loc, loc, loc], [], []]);

        Assert.Empty(result.Spans);
        Assert.Equal(1, Assert.Single(result.Verdicts).Votes);
    }

    [Fact]
    public void Compute_NoSpansAtAll_AgreesOnNothing()
    {
        Assert.Empty(SpanConsensus.Compute([]).Spans);
        Assert.True(double.IsNaN(SpanConsensus.Compute([]).Agreement));
        var none = SpanConsensus.Compute([[], []]);
        Assert.Empty(none.Spans);
        Assert.Equal(1.0, none.Agreement);
        Assert.False(none.Tie);
    }
}
