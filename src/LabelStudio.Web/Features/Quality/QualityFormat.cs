using System.Globalization;

namespace LabelStudio.Web.Features.Quality;

/// <summary>How the quality page writes numbers: three decimals for coefficients, whole percents for shares.</summary>
internal static class QualityFormat
{
    public const string Missing = "—";

    public static string Coefficient(double? value) =>
        value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : Missing;

    public static string Percent(double? value) =>
        value is { } v ? (v * 100).ToString("0", CultureInfo.InvariantCulture) + " %" : Missing;

    public static string Interval(double? lower, double? upper) =>
        lower is { } l && upper is { } u ? $"95 % CI {Coefficient(l)} – {Coefficient(u)}" : "no confidence interval";

    /// <summary>Landis &amp; Koch's bands, a common reading of kappa-like coefficients.</summary>
    public static string Reading(double? value) => value switch
    {
        null => "not enough overlapping ratings",
        < 0 => "worse than chance",
        < 0.2 => "slight agreement",
        < 0.4 => "fair agreement",
        < 0.6 => "moderate agreement",
        < 0.8 => "substantial agreement",
        _ => "almost perfect agreement",
    };

    /// <summary>Background of a heat-map cell: red (−) through white (0) to green (+1).</summary>
    public static string HeatColor(double? value)
    {
        if (value is not { } v) return "#F1F5F9";
        v = Math.Clamp(v, -1, 1);
        return v >= 0
            ? $"rgba(22, 163, 74, {(0.12 + 0.7 * v).ToString("0.00", CultureInfo.InvariantCulture)})"
            : $"rgba(220, 38, 38, {(0.12 + 0.7 * -v).ToString("0.00", CultureInfo.InvariantCulture)})";
    }

    public static string Reason(string reason) => reason switch
    {
        "Tie" => "Tie",
        "LowShare" => "Low majority share",
        "LowPosterior" => "Low posterior",
        "LowAgreement" => "Low agreement",
        "GoldDisagreement" => "Disagrees with gold",
        "TooFewRatings" => "Too few ratings",
        "BoundaryDisagreement" => "Span boundaries differ",
        _ => reason,
    };
}
