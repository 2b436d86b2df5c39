using LabelStudio.Web.Features.Labeling.Components;

namespace LabelStudio.ComponentTests.Labeling;

public sealed class TextSegmentTests
{
    [Fact]
    public void Build_OverlappingSpans_CutsAtEveryBoundaryAndCoversTheText()
    {
        var spans = new List<TextSpan> { new("a", 0, 12, "Ada Lovelace", ["PER"]), new("b", 4, 19, "Lovelace worked", ["ORG"]) };

        var segments = TextSegment.Build(30, spans);

        Assert.Equal([(0, 4), (4, 12), (12, 19), (19, 30)], segments.Select(s => (s.Start, s.End)));
        Assert.Equal([1, 2, 1, 0], segments.Select(s => s.Spans.Count));
    }

    [Fact]
    public void Build_SpanBeyondTheText_IsIgnored()
    {
        var segments = TextSegment.Build(5, [new TextSpan("a", 3, 9, "x", ["PER"])]);

        var only = Assert.Single(segments);
        Assert.Empty(only.Spans);
    }
}
