using System.Globalization;
using System.Text;
using LabelStudio.Data.Common;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Review;

namespace LabelStudio.Web.Features.Quality;

/// <summary>Every table of the quality page as CSV (RFC 4180, invariant numbers), for <c>GET /api/projects/{id}/quality/csv/{table}</c>.</summary>
public static class QualityCsv
{
    public static readonly IReadOnlyList<string> Tables =
        ["raters", "pairwise", "controls", "trend", "histogram", "labels", "confusion", "resolutions", "gold-accuracy"];

    public static async Task<string> BuildAsync(string table, long projectId, Actor actor, QualityService quality, ReviewStatsService stats,
        GoldCheckService gold, CancellationToken ct)
    {
        var csv = new StringBuilder();
        switch (table)
        {
            case "resolutions":
                Row(csv, "user_id", "name", "resolved_tasks", "upheld", "overturned", "upheld_share");
                foreach (var r in await stats.ResolutionsByRaterAsync(projectId, actor, ct))
                    Row(csv, r.UserId, r.Name, r.ResolvedTasks, r.Upheld, r.Overturned, r.UpheldShare);
                return csv.ToString();
            case "gold-accuracy":
                Row(csv, "user_id", "name", "gold_answered", "gold_correct", "gold_accuracy", "paused", "pause_reason");
                foreach (var r in await gold.ListAsync(projectId, actor, ct))
                    Row(csv, r.UserId, r.Name, r.Answered, r.Correct, r.Accuracy, r.Paused, r.PauseReason);
                return csv.ToString();
        }
        var report = await quality.GetReportAsync(projectId, actor, ct);
        var snapshot = report.Snapshot;
        var measures = snapshot?.Measures;
        var names = snapshot?.RaterNames ?? new Dictionary<string, string>();
        switch (table)
        {
            case "raters":
                Row(csv, "user_id", "name", "email", "ratings", "agreement_with_others", "dawid_skene_accuracy", "mean_kappa", "spammer_score",
                    "spammer", "mean_agreement", "gold_accuracy", "gold_ratings", "imported");
                foreach (var r in snapshot?.Raters ?? [])
                {
                    var q = r.Quality;
                    Row(csv, r.UserId, r.Name, r.Email, q.Ratings, q.LeaveOneOutAgreement, q.DawidSkeneAccuracy, q.MeanPairwiseKappa, q.SpammerScore,
                        q.IsSpammer, q.MeanAgreement, q.GoldAccuracy, q.GoldRatings, r.Imported);
                }
                break;
            case "pairwise":
                Row(csv, "rater_a", "name_a", "rater_b", "name_b", "overlap", "kappa", "agreement");
                foreach (var p in measures?.Pairs ?? [])
                    Row(csv, p.RaterA, names.GetValueOrDefault(p.RaterA), p.RaterB, names.GetValueOrDefault(p.RaterB), p.Overlap, p.Kappa, p.Agreement);
                break;
            case "controls":
                Row(csv, "control", "kind", "level", "ratings", "items", "pairable_items", "alpha", "alpha_lower", "alpha_upper", "fleiss_kappa", "ac1",
                    "percent_agreement", "mean_pairwise_kappa", "mean_agreement");
                foreach (var c in measures?.Controls ?? [])
                    Row(csv, c.Control, c.Kind, c.Level, c.Ratings, c.Items, c.PairableItems, c.Alpha, c.AlphaLower, c.AlphaUpper, c.FleissKappa, c.Ac1,
                        c.PercentAgreement, c.MeanPairwiseKappa, c.MeanPairwiseAgreement);
                break;
            case "trend":
                Row(csv, "day", "items", "ratings", "alpha", "alpha_lower", "alpha_upper", "fleiss_kappa", "ac1", "mean_agreement");
                foreach (var d in measures?.Trend ?? [])
                    Row(csv, d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Items, d.Ratings, d.Alpha, d.AlphaLower, d.AlphaUpper,
                        d.FleissKappa, d.Ac1, d.MeanAgreement);
                break;
            case "histogram":
                Row(csv, "agreement_from", "agreement_to", "items");
                var bins = measures?.AgreementHistogram ?? [];
                for (var i = 0; i < bins.Count; i++) Row(csv, i / 10.0, (i + 1) / 10.0, bins[i]);
                break;
            case "labels":
                Row(csv, "control", "label", "count");
                foreach (var c in measures?.Controls ?? [])
                {
                    foreach (var l in c.Labels ?? []) Row(csv, c.Control, l.Label, l.Count);
                }
                break;
            case "confusion":
                Row(csv, "user_id", "name", "true_class", "answer", "probability");
                if (snapshot?.Model is { } model)
                {
                    foreach (var r in model.Raters)
                    {
                        for (var t = 0; t < model.Classes.Count; t++)
                        {
                            for (var a = 0; a < model.Classes.Count; a++)
                                Row(csv, r.UserId, names.GetValueOrDefault(r.UserId), model.Classes[t], model.Classes[a], r.Confusion[t][a]);
                        }
                    }
                }
                break;
            default:
                throw new NotFoundException($"There is no quality table \"{table}\"; the tables are {string.Join(", ", Tables)}.");
        }
        return csv.ToString();
    }

    private static void Row(StringBuilder csv, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0) csv.Append(',');
            csv.Append(Field(values[i]));
        }
        csv.Append("\r\n");
    }

    private static string Field(object? value)
    {
        var text = value switch
        {
            null => "",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
