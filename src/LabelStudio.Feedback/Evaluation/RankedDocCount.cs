namespace LabelStudio.Feedback.Evaluation;

/// <summary>How often a ranker showed a document at a 1-based rank for one query.</summary>
public readonly record struct RankedDocCount(int Rank, string DocId, int Impressions);
