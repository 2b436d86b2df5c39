namespace LabelStudio.Feedback.Evaluation;

/// <summary>A metric's value with its 95 % confidence interval (NaN bounds with fewer than two queries).</summary>
/// <param name="Queries">Queries the estimate is made of.</param>
public readonly record struct MetricEstimate(double Value, double Low, double High, int Queries)
{
    public static MetricEstimate None { get; } = new(double.NaN, double.NaN, double.NaN, 0);
}
