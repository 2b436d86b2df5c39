namespace LabelStudio.Core.DataValidation;

/// <summary>
/// One bucket of a histogram: values in [<see cref="Low"/>, <see cref="High"/>) (the last bucket includes its high
/// end; a point bucket has <see cref="Low"/> = <see cref="High"/>). <see cref="Count"/> may be fractional when it was
/// interpolated from a sketch.
/// </summary>
public sealed record HistogramBucket(double Low, double High, double Count);
