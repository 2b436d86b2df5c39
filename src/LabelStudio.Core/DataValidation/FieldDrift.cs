namespace LabelStudio.Core.DataValidation;

/// <summary>
/// One drift figure: <see cref="Name"/> is the data field or control, <see cref="MovedValue"/> the value (or, for
/// histograms, the bucket) whose share moved most, with its share on each side.
/// </summary>
public sealed record FieldDrift(
    string Name,
    DriftSubject Subject,
    DriftMeasure Measure,
    double Distance,
    string? MovedValue,
    double? BaselineShare,
    double? CurrentShare,
    double Threshold,
    double NoiseBand,
    DriftVerdict Verdict)
{
    /// <summary>The verdict for <paramref name="distance"/> against a threshold and a noise band.</summary>
    public static DriftVerdict Judge(double distance, double threshold, double noiseBand) =>
        distance <= threshold ? DriftVerdict.Ok : distance <= noiseBand ? DriftVerdict.WithinNoise : DriftVerdict.Drift;
}
