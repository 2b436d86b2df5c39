namespace LabelStudio.Core.DataValidation;

/// <summary>How a drift figure compares with the threshold and the noise band.</summary>
public enum DriftVerdict
{
    /// <summary>At or below the threshold.</summary>
    Ok,
    /// <summary>Above the threshold but not above what sampling alone produces (about 95 %).</summary>
    WithinNoise,
    /// <summary>Above both the threshold and the noise band.</summary>
    Drift,
}
