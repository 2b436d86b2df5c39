namespace LabelStudio.Core.DataValidation;

/// <summary>A value and how often it was seen.</summary>
public sealed record ValueCount(string Value, long Count);
