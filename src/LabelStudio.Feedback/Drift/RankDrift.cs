namespace LabelStudio.Feedback.Drift;

/// <summary>Click-through at one rank, this ingest against the evidence before it, with the sampling-noise band.</summary>
/// <param name="StandardError">√(p₁(1−p₁)/n₁ + p₀(1−p₀)/n₀), the binomial standard error of the difference.</param>
/// <param name="Moved">|difference| beyond both the noise band and the absolute minimum.</param>
public sealed record RankDrift(int Rank, RankClicks Current, RankClicks Before, double Difference, double StandardError, bool Moved);
