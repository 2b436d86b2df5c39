namespace LabelStudio.Core.DataValidation;

/// <summary>
/// A project's drift thresholds. TFDV has no default (a check runs only when a threshold is set, and its docs use
/// 0.01 as the example); 0.1 is our default because with the noise band a lower threshold mostly flags noise on
/// batches of a few hundred tasks.
/// </summary>
public sealed record DriftThresholds(double LInfinity = DriftThresholds.DefaultThreshold, double JensenShannon = DriftThresholds.DefaultThreshold)
{
    /// <summary>The default for both distances.</summary>
    public const double DefaultThreshold = 0.1;

    /// <summary>The defaults.</summary>
    public static DriftThresholds Default { get; } = new();
}
