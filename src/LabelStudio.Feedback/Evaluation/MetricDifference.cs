namespace LabelStudio.Feedback.Evaluation;

/// <summary>
/// B − A of one metric over the queries both rankers served, with its interval and what it means:
/// <c>b_better</c>, <c>a_better</c> (the interval excludes 0, in the metric's direction) or <c>no_difference</c>.
/// </summary>
public sealed record MetricDifference(string Metric, double A, double B, MetricEstimate Difference, string Verdict);
