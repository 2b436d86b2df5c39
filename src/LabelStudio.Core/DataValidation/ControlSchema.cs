namespace LabelStudio.Core.DataValidation;

/// <summary>A control of the labeling configuration and the labels it allows (null when any value is allowed).</summary>
public sealed record ControlSchema(string Name, string ResultType, IReadOnlyList<string>? Labels);
