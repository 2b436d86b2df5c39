namespace LabelStudio.Web.Features.Labeling.Components;

/// <summary>A run of text covered by the same set of spans; the text element is rendered as a sequence of these.</summary>
public sealed record TextSegment(int Start, int End, IReadOnlyList<TextSpan> Spans)
{
    /// <summary>Cuts <paramref name="length"/> characters at every span boundary. Spans outside the text are ignored.</summary>
    public static IReadOnlyList<TextSegment> Build(int length, IReadOnlyList<TextSpan> spans)
    {
        var valid = Within(length, spans);
        return Runs(length, valid)
            .Select(r => new TextSegment(r.Start, r.End, valid.Where(s => s.Start <= r.Start && s.End >= r.End).OrderBy(s => s.End - s.Start).ToList()))
            .ToList();
    }

    /// <summary>The spans that lie inside a text of <paramref name="length"/> characters.</summary>
    public static List<TextSpan> Within(int length, IEnumerable<TextSpan> spans) =>
        spans.Where(s => s.Start >= 0 && s.End <= length && s.Start < s.End).ToList();

    /// <summary>The runs [start, end) of a text of <paramref name="length"/> characters between consecutive span boundaries.</summary>
    public static IEnumerable<(int Start, int End)> Runs(int length, IEnumerable<TextSpan> spans)
    {
        var cuts = new SortedSet<int> { 0, length };
        foreach (var span in spans)
        {
            cuts.Add(span.Start);
            cuts.Add(span.End);
        }

        int? previous = null;
        foreach (var cut in cuts)
        {
            if (previous is { } from && cut > from)
            {
                yield return (from, cut);
            }

            previous = cut;
        }
    }
}
