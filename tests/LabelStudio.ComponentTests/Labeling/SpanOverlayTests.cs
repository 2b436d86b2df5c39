using System.Text.Json.Nodes;
using Bunit;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Core.Results;
using LabelStudio.Web.Features.Labeling.Components;

namespace LabelStudio.ComponentTests.Labeling;

/// <summary>The lead's view of span answers: every rater's spans on the text, differences highlighted, and composing an answer.</summary>
public sealed class SpanOverlayTests : BunitTestBase
{
    private const string Text = "Ada Lovelace wrote to Charles Babbage from London.";

    private static readonly LabelingConfiguration Config = LabelingConfigParser.Parse(LabelingConfigSamples.NamedEntityRecognition).Configuration!;

    private static LabelsControl Control => Config.Controls.OfType<LabelsControl>().Single();

    private static ResultItem Span(string part, string label)
    {
        var start = Text.IndexOf(part, StringComparison.Ordinal);
        return new ResultItem(Guid.NewGuid().ToString("N")[..10], "label", "text", "labels",
            new JsonObject { ["start"] = start, ["end"] = start + part.Length, ["text"] = part, ["labels"] = new JsonArray(label) });
    }

    private static IReadOnlyList<OverlayRater> Raters() =>
    [
        new("Rita", [Span("Ada Lovelace", "PER"), Span("Charles Babbage", "PER"), Span("London", "LOC")]),
        new("Raj", [Span("Ada Lovelace", "PER"), Span("Charles Babbage", "ORG")]),
    ];

    [Fact]
    public void Overlay_ShowsEveryRatersSpans_AndHighlightsWhereTheyDiffer()
    {
        var cut = Render<SpanOverlay>(p => p.Add(o => o.Text, Text).Add(o => o.Control, Control).Add(o => o.Raters, Raters()));

        Assert.Equal(["1 Rita", "2 Raj"], cut.FindAll("[data-testid=overlay-rater]").Select(e => e.TextContent.Trim()));
        Assert.Equal(Text, cut.Find("[data-testid=overlay-text]").TextContent);
        Assert.Equal(["Ada Lovelace"], cut.FindAll("[data-testid=overlay-agree]").Select(e => e.TextContent));
        Assert.Equal(["Charles Babbage", "London"], cut.FindAll("[data-testid=overlay-diff]").Select(e => e.TextContent));
        var rows = cut.FindAll("[data-testid=overlay-row]");
        Assert.Equal(["Unanimous", "LabelTie", "LabelTie", "PresenceTie"], rows.Select(r => r.GetAttribute("data-status")));
        Assert.Contains("✓", rows[3].TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=overlay-take]"));
    }

    [Fact]
    public void Overlay_NoSpans_SaysSo()
    {
        var cut = Render<SpanOverlay>(p => p.Add(o => o.Text, Text).Add(o => o.Control, Control)
            .Add(o => o.Raters, [new OverlayRater("Rita", []), new OverlayRater("Raj", [])]));

        Assert.Contains("No rater marked a span", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=overlay-diff]"));
    }

    [Fact]
    public void Composer_TakesARatersSpan_ThenAnotherRatersLabel_IntoTheAnswer()
    {
        List<ResultItem>? composed = null;
        var cut = Render<SpanComposer>(p => p
            .Add(c => c.Configuration, Config)
            .Add(c => c.Data, new JsonObject { ["text"] = Text })
            .Add(c => c.Raters, Raters())
            .Add(c => c.Seed, [Span("Ada Lovelace", "PER")])
            .Add(c => c.ResultChanged, r => composed = r));

        var rows = cut.FindAll("[data-testid=overlay-row]");
        Assert.Equal("Taken", rows[0].QuerySelector("[data-testid=overlay-take]")!.TextContent.Trim());
        // Rows go by start, end, then label order: Charles Babbage as PER (Rita) is row 1, as ORG (Raj) row 2.
        cut.FindAll("[data-testid=overlay-take]")[2].Click(); // Raj's span
        cut.FindAll("[data-testid=overlay-take]")[1].Click(); // Rita's label replaces ORG
        cut.FindAll("[data-testid=overlay-take]")[3].Click(); // London (Rita only)

        var spans = composed!.Select(r => (r.Value["text"]!.GetValue<string>(), r.Value["labels"]![0]!.GetValue<string>())).ToList();
        Assert.Equal([("Ada Lovelace", "PER"), ("Charles Babbage", "PER"), ("London", "LOC")], spans);
        Assert.Empty(cut.FindAll("[data-testid^=no-entities-]"));
        Assert.Empty(AnnotationValidator.Validate(Config, composed!, new JsonObject { ["text"] = Text }));
    }
}
