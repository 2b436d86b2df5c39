namespace LabelStudio.Core.DataValidation;

/// <summary>One finding of validation: what (<see cref="Kind"/>), how bad, which field or control, and a message.</summary>
public sealed record Anomaly(AnomalySeverity Severity, AnomalyKind Kind, string? Field, string Message);
