namespace LabelStudio.Core.DataValidation;

/// <summary>An error rejects an import file; a warning is shown with the import result and stored.</summary>
public enum AnomalySeverity
{
    Warning,
    Error,
}
