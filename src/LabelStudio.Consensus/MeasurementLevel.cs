namespace LabelStudio.Consensus;

/// <summary>Level of measurement of the labels, which picks Krippendorff's difference function.</summary>
public enum MeasurementLevel
{
    /// <summary>Categories without order: δ = 0 when equal, else 1.</summary>
    Nominal,

    /// <summary>Ordered categories: rank-frequency distance built from the marginals.</summary>
    Ordinal,

    /// <summary>Numbers on an interval scale: δ² = (a − b)².</summary>
    Interval,

    /// <summary>Numbers with a true zero: δ² = ((a − b) / (a + b))².</summary>
    Ratio,
}
