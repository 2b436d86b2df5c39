using LabelStudio.Consensus;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Core.Results;

namespace LabelStudio.Web.Features.Labeling.Components;

/// <summary>One distinct span (bounds and label) any rater marked: who marked it and what the consensus makes of it.</summary>
public sealed record OverlayRow(int Start, int End, string Label, string Text, IReadOnlyList<bool> MarkedBy, SpanStatus Status, bool InConsensus)
{
    public bool IsDifference => Status != SpanStatus.Unanimous;
}

/// <summary>A run of text with, per rater, the labels of that rater's spans covering it (empty when none).</summary>
public sealed record OverlaySegment(int Start, int End, IReadOnlyList<IReadOnlyList<TextSpan>> ByRater)
{
    public bool IsMarked => ByRater.Any(r => r.Count > 0);

    /// <summary>The raters do not all cover this run with the same spans (same bounds and labels).</summary>
    public bool IsDifference => ByRater.Select(Key).Distinct(StringComparer.Ordinal).Count() > 1;

    private static string Key(IReadOnlyList<TextSpan> spans) =>
        string.Join(";", spans.Select(s => $"{s.Start}-{s.End}-{string.Join("+", s.Labels.Order(StringComparer.Ordinal))}").Order(StringComparer.Ordinal));
}

/// <summary>
/// Lays several raters' spans over one text: segments for drawing and rows for the comparison table. Statuses come
/// from the consensus engine (<see cref="SpanConsensus"/>), so what is highlighted as a difference is what the
/// consensus sees as one.
/// </summary>
public static class SpanComparison
{
    public static IReadOnlyList<OverlaySegment> Segments(string text, LabelsControl control, IReadOnlyList<OverlayRater> raters)
    {
        var perRater = raters.Select(r => TextSegment.Within(text.Length, ResultEditor.Spans(r.Result, control))).ToList();
        return TextSegment.Runs(text.Length, perRater.SelectMany(s => s))
            .Select(run => new OverlaySegment(run.Start, run.End, perRater
                .Select(spans => (IReadOnlyList<TextSpan>)spans.Where(s => s.Start <= run.Start && s.End >= run.End).OrderBy(s => s.End - s.Start).ToList())
                .ToList()))
            .ToList();
    }

    public static IReadOnlyList<OverlayRow> Rows(string text, LabelsControl control, IReadOnlyList<OverlayRater> raters)
    {
        var labels = control.Labels.Select(l => l.Value).ToList();
        var perRater = raters.Select(r => TextSegment.Within(text.Length, ResultEditor.Spans(r.Result, control))
            .SelectMany(s => s.Labels.Select(l => new LabeledSpan(s.Start, s.End, labels.IndexOf(l))))
            .Where(s => s.Label >= 0).Distinct().ToList()).ToList();
        var result = SpanConsensus.Compute(perRater.Select(r => (IReadOnlyList<LabeledSpan>)r).ToList(),
            control.MultipleLabels ? SpanLabelMode.Multiple : SpanLabelMode.Single);
        return result.Verdicts.Select(v => new OverlayRow(v.Span.Start, v.Span.End, labels[v.Span.Label], text[v.Span.Start..v.Span.End],
            perRater.Select(r => r.Contains(v.Span)).ToList(), v.Status, v.InConsensus)).ToList();
    }

    public static string StatusText(SpanStatus status) => status switch
    {
        SpanStatus.Unanimous => "All agree",
        SpanStatus.Majority => "Majority",
        SpanStatus.Minority => "Minority",
        SpanStatus.LabelTie => "Label split",
        SpanStatus.PresenceTie => "Half marked it",
        SpanStatus.Boundary => "Bounds differ",
        _ => status.ToString(),
    };
}
