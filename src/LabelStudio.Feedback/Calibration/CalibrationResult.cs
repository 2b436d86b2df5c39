namespace LabelStudio.Feedback.Calibration;

/// <summary>How probabilities and decisions were produced, and what the seed says about them.</summary>
public sealed record CalibrationResult
{
    /// <summary>"seed" (logistic calibration with cross-validation) or "unsupervised" (PBM posterior rule).</summary>
    public required string Mode { get; init; }

    /// <summary>Human-readable description of the rule, including why the unsupervised fallback was used.</summary>
    public required string Description { get; init; }

    /// <summary>Target precision.</summary>
    public double TargetPrecision { get; init; }

    /// <summary>Confidence threshold max(p, 1−p) at or above which a pair is auto-labelled (above 1 = none).</summary>
    public double ConfidenceThreshold { get; init; }

    /// <summary>Whether some threshold reached the target on the seed.</summary>
    public bool TargetReached { get; init; }

    /// <summary>Seed labels given.</summary>
    public int SeedPairs { get; init; }

    /// <summary>Seed labels whose pair has click evidence.</summary>
    public int SeedPairsWithEvidence { get; init; }

    /// <summary>Relevant seed pairs with evidence.</summary>
    public int SeedPositives { get; init; }

    /// <summary>Out-of-fold precision on the seed at the threshold.</summary>
    public double SeedPrecision { get; init; }

    /// <summary>Out-of-fold share of seed pairs auto-labelled at the threshold.</summary>
    public double SeedCoverage { get; init; }

    /// <summary>Out-of-fold precision of the positive auto-labels at the threshold.</summary>
    public double SeedPositivePrecision { get; init; }

    /// <summary>Out-of-fold AUC of the calibrated probability on the seed.</summary>
    public double SeedAuc { get; init; }

    /// <summary>Risk–coverage curve on the seed (out-of-fold), by decreasing threshold.</summary>
    public IReadOnlyList<RiskCoveragePoint> Curve { get; init; } = [];

    /// <summary>Calibrator feature names.</summary>
    public IReadOnlyList<string> Features { get; init; } = [];

    /// <summary>Calibrator weights on standardised features (intercept first).</summary>
    public IReadOnlyList<double> Coefficients { get; init; } = [];
}
