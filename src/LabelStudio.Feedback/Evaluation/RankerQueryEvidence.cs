namespace LabelStudio.Feedback.Evaluation;

/// <summary>
/// The stored, mergeable evidence of one ranker on one query: its click counts and which document it showed at which
/// rank how often. Impressions are never kept, only these aggregates.
/// </summary>
public sealed record RankerQueryEvidence(string Ranker, string QueryId, RankerClickCounts Counts, IReadOnlyList<RankedDocCount> Docs);
