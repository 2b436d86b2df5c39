namespace LabelStudio.Web.Features.Labeling.Components;

/// <summary>A run of text covered by the same set of spans; the text element is rendered as a sequence of these.</summary>
internal sealed record TextSegment(int Start, int End, IReadOnlyList<TextSpan> Spans)
{
    /// <summary>Cuts <paramref name="length"/> characters at every span boundary. Spans outside the text are ignored.</summary>
    public static IReadOnlyList<TextSegment> Build(int length, IReadOnlyList<TextSpan> spans)
    {
        var valid = spans.Where(s => s.Start >= 0 && s.End <= length && s.Start < s.End).ToList();
        var cuts = new SortedSet<int> { 0, length };
        foreach (var span in valid)
        {
            cuts.Add(span.Start);
            cuts.Add(span.End);
        }

        var segments = new List<TextSegment>();
        int? previous = null;
        foreach (var cut in cuts)
        {
            if (previous is { } from && cut > from)
            {
                segments.Add(new TextSegment(from, cut,
                    valid.Where(s => s.Start <= from && s.End >= cut).OrderBy(s => s.End - s.Start).ToList()));
            }

            previous = cut;
        }

        return segments;
    }
}
