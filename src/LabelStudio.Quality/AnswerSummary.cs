using System.Globalization;
using LabelStudio.Core.Results;

namespace LabelStudio.Quality;

/// <summary>A one-line human rendering of a result, control by control (for the conflicts list).</summary>
public static class AnswerSummary
{
    public static string Describe(IReadOnlyList<ConsensusControl> controls, IReadOnlyList<ResultItem> result, string? text = null)
    {
        var parts = new List<string>();
        foreach (var control in controls)
        {
            var part = control.Kind switch
            {
                ConsensusKind.Category => AnnotationMapping.Category(control, result) is { } i ? control.Categories[i] : null,
                ConsensusKind.MultiChoice => Mask(control, AnnotationMapping.ChoiceMask(control, result)),
                ConsensusKind.Numeric => AnnotationMapping.Rating(control, result) is { } r
                    ? $"{r.ToString(CultureInfo.InvariantCulture)}/{control.Categories.Count}" : null,
                ConsensusKind.Spans => Spans(control, result, text),
                ConsensusKind.Text => AnnotationMapping.Text(control, result) is { } t ? $"\u201c{t}\u201d" : null,
                _ => null,
            };
            if (part is null) continue;
            parts.Add(controls.Count > 1 ? $"{control.Name}: {part}" : part);
        }
        return parts.Count == 0 ? "(no answer)" : string.Join(" · ", parts);
    }

    private static string Mask(ConsensusControl control, ulong mask)
    {
        var chosen = control.Categories.Where((_, i) => (mask >> i & 1) != 0).ToList();
        return chosen.Count == 0 ? "(none)" : string.Join(", ", chosen);
    }

    private static string Spans(ConsensusControl control, IReadOnlyList<ResultItem> result, string? text)
    {
        var spans = AnnotationMapping.Spans(control, result).OrderBy(s => s.Start).ToList();
        if (spans.Count == 0) return "(no spans)";
        return string.Join("; ", spans.Select(s => text is not null && s.End <= text.Length
            ? $"{control.Categories[s.Label]}: {text[s.Start..s.End]}"
            : $"{control.Categories[s.Label]} [{s.Start}\u2013{s.End}]"));
    }
}
