using LabelStudio.Consensus;
using LabelStudio.Core.Results;

namespace LabelStudio.Quality;

/// <summary>
/// Whether an answer equals a reference answer (a gold answer or a final label), control by control, in the engine's
/// terms: the same choice, the same set of choices, the same rating, the same spans (start, end, label), or the same
/// text after collapsing white space and ignoring case. Only the controls the reference answers are compared.
/// </summary>
public static class AnswerComparison
{
    public static bool Matches(IReadOnlyList<ConsensusControl> controls, IReadOnlyList<ResultItem> answer,
        IReadOnlyList<ResultItem> reference, IReadOnlySet<string>? only = null)
    {
        foreach (var control in controls)
        {
            if (only is not null && !only.Contains(control.Name)) continue;
            if (!reference.Any(i => i.FromName == control.Name) && only is null) continue;
            if (!Same(control, answer, reference)) return false;
        }
        return true;
    }

    public static bool Same(ConsensusControl control, IReadOnlyList<ResultItem> a, IReadOnlyList<ResultItem> b) => control.Kind switch
    {
        ConsensusKind.Category => AnnotationMapping.Category(control, a) == AnnotationMapping.Category(control, b),
        ConsensusKind.MultiChoice => AnnotationMapping.ChoiceMask(control, a) == AnnotationMapping.ChoiceMask(control, b),
        ConsensusKind.Numeric => AnnotationMapping.Rating(control, a) == AnnotationMapping.Rating(control, b),
        ConsensusKind.Spans => SpanSet(control, a).SetEquals(SpanSet(control, b)),
        ConsensusKind.Text => string.Equals(Normalize(AnnotationMapping.Text(control, a)), Normalize(AnnotationMapping.Text(control, b)),
            StringComparison.OrdinalIgnoreCase),
        _ => true,
    };

    private static HashSet<LabeledSpan> SpanSet(ConsensusControl control, IReadOnlyList<ResultItem> result) =>
        [.. AnnotationMapping.Spans(control, result)];

    private static string? Normalize(string? text) =>
        text is null ? null : string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
