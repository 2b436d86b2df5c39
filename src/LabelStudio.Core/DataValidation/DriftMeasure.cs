namespace LabelStudio.Core.DataValidation;

/// <summary>Which distance a drift figure is.</summary>
public enum DriftMeasure
{
    /// <summary>L∞ of normalised categorical counts.</summary>
    LInfinity,
    /// <summary>Jensen–Shannon divergence of re-bucketed histograms.</summary>
    JensenShannon,
}
