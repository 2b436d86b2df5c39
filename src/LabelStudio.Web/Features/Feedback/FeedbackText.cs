using System.Globalization;
using LabelStudio.Data.Feedback;

namespace LabelStudio.Web.Features.Feedback;

/// <summary>Wording and number formats of the click-feedback page.</summary>
internal static class FeedbackText
{
    /// <summary>"95%", "87%", "0.4%": whole percents except for small non-zero shares.</summary>
    public static string Percent(double fraction)
    {
        var value = fraction * 100;
        var format = value is > 0 and < 1 ? "0.0" : "0";
        return value.ToString(format, CultureInfo.InvariantCulture) + "%";
    }

    public static string Number(double? value, string format = "0.000") =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "—";

    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>
    /// The automation budget in one sentence, computed from the ingest's calibration: "At 95% precision, 87% of pairs
    /// are auto-labeled." With no usable seed it says which rule was used instead.
    /// </summary>
    public static string CoverageSentence(FeedbackCalibration calibration, int pairs)
    {
        var coverage = Percent(calibration.Coverage);
        var target = Percent(calibration.TargetPrecision);
        if (pairs == 0) return "The log had no (query, doc) pairs with evidence, so nothing was labeled.";
        if (calibration.Mode == "seed")
        {
            return calibration.TargetReached
                ? $"At {target} precision, {coverage} of pairs are auto-labeled."
                : $"No threshold reaches {target} precision on the seed, so {coverage} of pairs are auto-labeled; the rest go to raters.";
        }
        return $"Without a usable human seed, {coverage} of pairs are auto-labeled by the click model's own confidence; " +
               $"add a seed to calibrate to {target} precision.";
    }

    public static string ReasonLabel(string? code) => code switch
    {
        "spam_suspected" => "Spam suspected",
        "too_few_impressions" => "Too few impressions",
        "only_low_ranks" => "Only low ranks",
        "clicks_dwell_disagree" => "Clicks and dwell disagree",
        "uncertain_score" => "Uncertain score",
        null or "" => "—",
        _ => code,
    };

    public static string DecisionLabel(int decision) => decision switch
    {
        1 => "Relevant",
        0 => "Not relevant",
        _ => "Abstained",
    };
}
