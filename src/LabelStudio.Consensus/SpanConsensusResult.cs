namespace LabelStudio.Consensus;

/// <summary>The consensus of one document's span annotations.</summary>
/// <param name="Spans">The consensus: spans the raters marked, with their exact bounds, ordered by start, end, label.</param>
/// <param name="Verdicts">Every distinct span any rater marked, in the same order, with its status.</param>
/// <param name="Tie">A label split, or an entity marked by exactly half of the raters.</param>
/// <param name="BoundaryDisagreement">Raters marked overlapping spans but no bounds won a majority.</param>
/// <param name="Agreement">Mean pairwise exact-match F1 over the raters (NaN with fewer than two).</param>
/// <param name="Raters">Number of raters (annotations) that entered the vote, including those that marked nothing.</param>
public sealed record SpanConsensusResult(IReadOnlyList<LabeledSpan> Spans, IReadOnlyList<SpanVerdict> Verdicts, bool Tie,
    bool BoundaryDisagreement, double Agreement, int Raters);
