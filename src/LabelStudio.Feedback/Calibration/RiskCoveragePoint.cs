namespace LabelStudio.Feedback.Calibration;

/// <summary>One point of the risk–coverage curve: auto-labelling every pair whose confidence max(p, 1−p) is at least
/// <paramref name="Threshold"/> covers <paramref name="Coverage"/> of the seed at <paramref name="Precision"/> (share of auto-labels that agree with the seed).</summary>
public readonly record struct RiskCoveragePoint(double Coverage, double Precision, double Threshold);
