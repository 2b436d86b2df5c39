namespace LabelStudio.Data.Validation;

/// <summary>A project's drift thresholds (absent: the defaults of <see cref="LabelStudio.Core.DataValidation.DriftThresholds"/>).</summary>
public sealed class ValidationSettings
{
    public long ProjectId { get; set; }
    public double LInfinityThreshold { get; set; } = LabelStudio.Core.DataValidation.DriftThresholds.DefaultThreshold;
    public double JensenShannonThreshold { get; set; } = LabelStudio.Core.DataValidation.DriftThresholds.DefaultThreshold;
}
