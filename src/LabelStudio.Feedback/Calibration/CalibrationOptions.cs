namespace LabelStudio.Feedback.Calibration;

/// <summary>Calibration, decision and abstention settings.</summary>
public sealed class CalibrationOptions
{
    /// <summary>Precision (agreement of auto-labels with the seed, both classes) the threshold must reach.</summary>
    public double TargetPrecision { get; init; } = 0.95;

    /// <summary>A seed grade at or above this is relevant.</summary>
    public int RelevantMinGrade { get; init; } = 2;

    /// <summary>Cross-validation folds for the out-of-fold probabilities.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Seed pairs with evidence (and both classes present) needed for seed calibration; otherwise the unsupervised rule is used.</summary>
    public int MinSeedPairs { get; init; } = 30;

    /// <summary>Seed pairs that must be covered before a threshold counts as reaching the target.</summary>
    public int MinCoveredSeedPairs { get; init; } = 10;

    /// <summary>L2 penalty of the logistic calibrator (standardised features).</summary>
    public double L2 { get; init; } = 1.0;

    /// <summary>Pairs shown fewer times than this abstain with <see cref="AbstainReason.TooFewImpressions"/>.</summary>
    public int MinImpressions { get; init; } = 5;

    /// <summary>Pairs whose best rank is deeper than this and whose effective impressions are below
    /// <see cref="MinEffectiveImpressions"/> abstain with <see cref="AbstainReason.OnlyLowRanks"/>.</summary>
    public int LowRankCutoff { get; init; } = 5;

    /// <summary>Effective (examination-weighted) impressions Σ n_k θ_k a low-rank-only pair needs to be labelled.</summary>
    public double MinEffectiveImpressions { get; init; } = 10;

    /// <summary>Clicks needed before the dwell check applies.</summary>
    public int DwellCheckMinClicks { get; init; } = 5;

    /// <summary>A would-be relevant pair whose satisfied share of clicks is below this abstains with <see cref="AbstainReason.ClicksDwellDisagree"/>.</summary>
    public double MinSatisfiedShare { get; init; } = 0.2;

    /// <summary>Unsupervised rule: confidence P(α &gt; τ) or P(α ≤ τ) needed to label.</summary>
    public double UnsupervisedConfidence { get; init; } = 0.975;

    /// <summary>Unsupervised rule: attractiveness threshold τ on the θ_1 = 1 scale; null = the population-average attractiveness (the empirical-Bayes prior mean).</summary>
    public double? UnsupervisedAlphaThreshold { get; init; }

    /// <summary>Seed for the fold assignment.</summary>
    public int RandomSeed { get; init; } = 17;
}
