using System.Text.Json.Serialization;

namespace LabelStudio.Core.DataValidation;

/// <summary>An error rejects an import file; a warning is shown with the import result and stored.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AnomalySeverity>))]
public enum AnomalySeverity
{
    Warning,
    Error,
}
