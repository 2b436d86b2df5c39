namespace LabelStudio.Consensus;

/// <summary>A character range [Start, End) (end-exclusive).</summary>
public readonly record struct TextRange(int Start, int End);

/// <summary>A labelled span over character offsets [Start, End), end-exclusive; Label is 0..labelCount−1.</summary>
public readonly record struct LabeledSpan(int Start, int End, int Label);

/// <summary>How two spans match.</summary>
public enum SpanMatch
{
    /// <summary>Same start, end and label.</summary>
    Exact,

    /// <summary>Same label and at least one character in common.</summary>
    Overlap,
}

/// <summary>The spans one rater drew on a document.</summary>
public sealed record RaterSpans(int Rater, IReadOnlyList<LabeledSpan> Spans);

/// <summary>A document: its tokens (character ranges) and every rater's spans.</summary>
public sealed record SpanDocument(IReadOnlyList<TextRange> Tokens, IReadOnlyList<RaterSpans> Annotations)
{
    /// <summary>A document whose tokens are the words and punctuation marks of <paramref name="text"/> (<see cref="Tokenizer.Words"/>).</summary>
    public static SpanDocument FromText(string text, IReadOnlyList<RaterSpans> annotations) => new(Tokenizer.Words(text), annotations);
}

/// <summary>Agreement on span labelling.</summary>
/// <param name="ExactF1">Mean pairwise F1 with exact matching over every rater pair of every document (NaN if no pair).</param>
/// <param name="OverlapF1">Mean pairwise F1 with overlap matching.</param>
/// <param name="TokenAlpha">Nominal alpha over (document, token) units with category 0 = outside, label + 1 otherwise.</param>
/// <param name="Consensus">Consensus spans of every document.</param>
public sealed record SpanAgreementResult(double ExactF1, double OverlapF1, AlphaResult TokenAlpha, IReadOnlyList<IReadOnlyList<LabeledSpan>> Consensus);

/// <summary>
/// Span (Labels on text) agreement. Pairwise F1 = 2·matches / (|A| + |B|), where spans are matched one-to-one, greedily
/// in the order of A's spans sorted by (start, end) against the first unmatched span of B; two empty annotations have
/// F1 = 1. A token belongs to a span when they share at least one character; if several of a rater's spans cover it,
/// the first in the rater's list wins. Token alpha is a secondary measure: unlabelled tokens agree trivially and inflate it.
/// The consensus spans come from <see cref="SpanConsensus"/> (the raters' own spans, single label per region).
/// </summary>
public static class SpanAgreement
{
    /// <summary>F1 between two raters' spans.</summary>
    public static double F1(IReadOnlyList<LabeledSpan> a, IReadOnlyList<LabeledSpan> b, SpanMatch match)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count + b.Count == 0)
        {
            return 1;
        }
        var sortedA = a.OrderBy(s => s.Start).ThenBy(s => s.End).ToArray();
        var sortedB = b.OrderBy(s => s.Start).ThenBy(s => s.End).ToArray();
        var used = new bool[sortedB.Length];
        var matches = 0;
        foreach (var x in sortedA)
        {
            for (var j = 0; j < sortedB.Length; j++)
            {
                var y = sortedB[j];
                if (used[j] || x.Label != y.Label)
                {
                    continue;
                }
                var ok = match == SpanMatch.Exact ? x.Start == y.Start && x.End == y.End : x.Start < y.End && y.Start < x.End;
                if (ok)
                {
                    used[j] = true;
                    matches++;
                    break;
                }
            }
        }
        return 2.0 * matches / (a.Count + b.Count);
    }

    /// <summary>Token categories of one rater: 0 = outside, label + 1 inside a span.</summary>
    public static int[] TokenLabels(IReadOnlyList<TextRange> tokens, IReadOnlyList<LabeledSpan> spans)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(spans);
        var result = new int[tokens.Count];
        for (var t = 0; t < tokens.Count; t++)
        {
            foreach (var s in spans)
            {
                if (s.Start < tokens[t].End && tokens[t].Start < s.End)
                {
                    result[t] = s.Label + 1;
                    break;
                }
            }
        }
        return result;
    }

    /// <summary>Span F1 (exact and overlap), token-level alpha and consensus spans over a set of documents.</summary>
    public static SpanAgreementResult Compute(IReadOnlyList<SpanDocument> documents, int labelCount)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (labelCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(labelCount));
        }
        var k = labelCount + 1;
        double exact = 0, overlap = 0;
        var pairs = 0;
        var units = documents.Sum(d => d.Tokens.Count);
        var counts = new int[(long)units * k];
        var consensus = new IReadOnlyList<LabeledSpan>[documents.Count];
        var offset = 0;
        for (var d = 0; d < documents.Count; d++)
        {
            var doc = documents[d];
            var annotations = doc.Annotations;
            for (var a = 0; a < annotations.Count; a++)
            {
                for (var b = a + 1; b < annotations.Count; b++)
                {
                    exact += F1(annotations[a].Spans, annotations[b].Spans, SpanMatch.Exact);
                    overlap += F1(annotations[a].Spans, annotations[b].Spans, SpanMatch.Overlap);
                    pairs++;
                }
                var labels = TokenLabels(doc.Tokens, annotations[a].Spans);
                for (var t = 0; t < labels.Length; t++)
                {
                    counts[(long)(offset + t) * k + labels[t]]++;
                }
            }
            consensus[d] = SpanConsensus.Compute(annotations.Select(x => x.Spans).ToList()).Spans;
            offset += doc.Tokens.Count;
        }
        var alpha = KrippendorffAlpha.Compute(new CountTable(counts, units, k), MeasurementLevel.Nominal);
        return new SpanAgreementResult(pairs == 0 ? double.NaN : exact / pairs, pairs == 0 ? double.NaN : overlap / pairs, alpha, consensus);
    }
}
