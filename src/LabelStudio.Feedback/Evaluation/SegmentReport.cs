namespace LabelStudio.Feedback.Evaluation;

/// <summary>
/// What the precision promise reached in one query segment: pairs and their coverage (share auto-labeled), and the
/// precision of the auto-labels on the segment's seed pairs with a Wilson 95 % interval. <see cref="Verdict"/>:
/// <c>meets</c> (interval above the target), <c>below</c> (interval under it), <c>consistent</c> (target inside the
/// interval) or <c>no_seed</c> (no decided seed pair in the segment).
/// </summary>
public sealed record SegmentReport(QuerySegment Segment, int Queries, long Impressions, int Pairs, int Decided, double Coverage,
    int SeedPairs, int SeedDecided, int SeedCorrect, double Precision, double Low, double High, string Verdict);
