namespace LabelStudio.Feedback.Evaluation;

/// <summary>Ranker B against ranker A on every metric, paired by query.</summary>
public sealed record RankerComparison(string RankerA, string RankerB, int SharedQueries, IReadOnlyList<MetricDifference> Metrics);
