using System.Text.Json.Serialization;

namespace LabelStudio.Core.DataValidation;

/// <summary>Which distance a drift figure is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DriftMeasure>))]
public enum DriftMeasure
{
    /// <summary>L∞ of normalised categorical counts.</summary>
    LInfinity,
    /// <summary>Jensen–Shannon divergence of re-bucketed histograms.</summary>
    JensenShannon,
}
