using System.Globalization;
using LabelStudio.Core.DataValidation;
using MudBlazor;

namespace LabelStudio.Web.Features.Validation;

/// <summary>How validation figures read on screen.</summary>
public static class ValidationFormat
{
    public static string Distance(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    public static string Share(double? value) => value is { } v ? v.ToString("0.#%", CultureInfo.InvariantCulture) : "—";

    public static string Number(double? value) => value is { } v ? v.ToString("G4", CultureInfo.InvariantCulture) : "—";

    public static string Type(DataFieldType type) => type switch
    {
        DataFieldType.String => "text",
        DataFieldType.Int => "integer",
        DataFieldType.Float => "number",
        DataFieldType.Bool => "boolean",
        DataFieldType.Object => "object",
        DataFieldType.Array => "list",
        DataFieldType.Mixed => "mixed",
        _ => "empty",
    };

    public static string Subject(DriftSubject subject) => subject switch
    {
        DriftSubject.Values => "values",
        DriftSubject.Numbers => "numbers",
        DriftSubject.TextLength => "text length",
        DriftSubject.Labels => "labels",
        _ => "predicted labels",
    };

    public static string Measure(DriftMeasure measure) => measure == DriftMeasure.LInfinity ? "L∞" : "Jensen–Shannon";

    public static string Verdict(DriftVerdict verdict) => verdict switch
    {
        DriftVerdict.Drift => "Drift",
        DriftVerdict.WithinNoise => "Within noise",
        _ => "OK",
    };

    public static Color VerdictColor(DriftVerdict verdict) => verdict switch
    {
        DriftVerdict.Drift => Color.Warning,
        DriftVerdict.WithinNoise => Color.Info,
        _ => Color.Success,
    };

    public static string Kind(AnomalyKind kind) => kind switch
    {
        AnomalyKind.NewField => "New field",
        AnomalyKind.VanishedField => "Field missing",
        AnomalyKind.TypeChange => "Type change",
        AnomalyKind.PresenceDrop => "Presence drop",
        AnomalyKind.NewValues => "New values",
        AnomalyKind.DistributionShift => "Distribution shift",
        AnomalyKind.MissingField => "Required field missing",
        AnomalyKind.WrongType => "Wrong type",
        AnomalyKind.LabelOutsideConfig => "Unknown label",
        AnomalyKind.SpanOutsideText => "Span outside text",
        _ => "Duplicate task",
    };
}
