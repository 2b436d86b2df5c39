using System.Runtime.InteropServices;
using LabelStudio.Consensus;

namespace LabelStudio.Quality;

/// <summary>
/// Agreement per day: the tasks whose last rating fell on a day form that day's sample. Choices and ratings get alpha
/// (with a bootstrap interval), Fleiss' kappa and AC1; every kind gets the mean per-item agreement. Only the last
/// <see cref="MaxDays"/> days with ratings are kept.
/// </summary>
public static class QualityTrend
{
    public const int MaxDays = 366;

    public static IReadOnlyList<DailyAgreement> Daily(ControlRatings control, double[] itemAgreement, IReadOnlyDictionary<long, DateOnly> taskDay,
        int resamples)
    {
        var byDay = new SortedDictionary<DateOnly, List<int>>();
        for (var item = 0; item < control.TaskIds.Count; item++)
        {
            if (!taskDay.TryGetValue(control.TaskIds[item], out var day)) continue;
            if (!byDay.TryGetValue(day, out var list)) byDay[day] = list = [];
            list.Add(item);
        }
        var groups = ProjectQualityCalculator.GroupByItem(control);
        var categorical = control.Control.Kind is ConsensusKind.Category or ConsensusKind.Numeric;
        var result = new List<DailyAgreement>(Math.Min(byDay.Count, MaxDays));
        foreach (var (day, items) in byDay.Skip(Math.Max(0, byDay.Count - MaxDays)))
        {
            var ratings = items.Sum(i => groups[i].Count);
            var agreements = items.Select(i => itemAgreement[i]).Where(a => !double.IsNaN(a)).ToList();
            double? mean = agreements.Count == 0 ? null : agreements.Average();
            if (!categorical)
            {
                result.Add(new DailyAgreement(day, items.Count, ratings, null, null, null, null, null, mean));
                continue;
            }
            var (alpha, lower, upper, fleiss, ac1) = Measures(control, groups, items, resamples);
            result.Add(new DailyAgreement(day, items.Count, ratings, alpha, lower, upper, fleiss, ac1, mean));
        }
        return result;
    }

    private static (double? Alpha, double? Lower, double? Upper, double? Fleiss, double? Ac1) Measures(ControlRatings control,
        List<int>[] groups, List<int> items, int resamples)
    {
        var c = control.Control;
        var k = Math.Max(1, c.Categories.Count);
        var numeric = c.Kind == ConsensusKind.Numeric;
        var level = numeric ? MeasurementLevel.Ordinal : MeasurementLevel.Nominal;
        var values = numeric ? Enumerable.Range(1, k).Select(v => (double)v).ToArray() : null;
        var itemIndex = new List<int>();
        var raterIndex = new List<int>();
        var labels = new List<int>();
        var raters = 0;
        for (var i = 0; i < items.Count; i++)
        {
            foreach (var j in groups[items[i]])
            {
                itemIndex.Add(i);
                raterIndex.Add(control.Raters[j]);
                raters = Math.Max(raters, control.Raters[j] + 1);
                labels.Add(control.Labels[j]);
            }
        }
        var matrix = RatingMatrix.Build(CollectionsMarshal.AsSpan(itemIndex), CollectionsMarshal.AsSpan(raterIndex),
            CollectionsMarshal.AsSpan(labels), items.Count, raters, k);
        var alpha = KrippendorffAlpha.Compute(matrix.Counts, level, values);
        var interval = resamples > 0 && double.IsFinite(alpha.Alpha)
            ? KrippendorffAlpha.Bootstrap(matrix.Counts, level, values, resamples)
            : null;
        return (QualityJson.Finite(alpha.Alpha), interval is null ? null : QualityJson.Finite(interval.Lower),
            interval is null ? null : QualityJson.Finite(interval.Upper), QualityJson.Finite(MultiRaterAgreement.FleissKappa(matrix.Counts).Value),
            QualityJson.Finite(MultiRaterAgreement.GwetAc1(matrix.Counts, k).Value));
    }
}
