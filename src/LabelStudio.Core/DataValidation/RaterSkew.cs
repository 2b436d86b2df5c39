namespace LabelStudio.Core.DataValidation;

/// <summary>One rater's label distribution on one control against the rest of the pool.</summary>
public sealed record RaterSkew(string Rater, string Control, long Labels, FieldDrift Drift);
