namespace LabelStudio.Core.DataValidation;

/// <summary>The value at quantile <see cref="Q"/> (0 to 1).</summary>
public sealed record QuantileValue(double Q, double Value);
