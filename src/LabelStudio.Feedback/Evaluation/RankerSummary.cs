namespace LabelStudio.Feedback.Evaluation;

/// <summary>One ranker's figures: traffic and every metric with its interval, keyed by <see cref="RankerMetric.Key"/>.</summary>
public sealed record RankerSummary(string Ranker, long Impressions, int Queries, IReadOnlyDictionary<string, MetricEstimate> Metrics);
