using System.Runtime.InteropServices;
using LabelStudio.Consensus;
using LabelStudio.Core.Results;

namespace LabelStudio.Quality;

/// <summary>
/// Project-level measures from all rater answers, with the engine. The primary control (the first scorable control
/// of the configuration) gets the rater table, the pairwise table and, when it is a single choice, the stored
/// Dawid–Skene model; every control gets its own measures. Gold answers (task id → gold result) are passed to the
/// Dawid–Skene fit (gold items are fixed to their class) and to the rater reliability (gold accuracy) for single
/// choice and rating controls.
/// </summary>
public static class ProjectQualityCalculator
{
    public static QualityComputation Compute(ProjectRatings ratings, int bootstrapResamples = 1000,
        IReadOnlyDictionary<long, IReadOnlyList<ResultItem>>? gold = null)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        var raterCount = ratings.RaterIds.Count;
        var controls = new List<ControlMeasures>();
        IReadOnlyList<RaterQuality> raters = [];
        IReadOnlyList<PairQuality> pairs = [];
        StoredDawidSkeneModel? model = null;
        DawidSkeneSummary? summary = null;
        IReadOnlyList<DailyAgreement>? trend = null;
        IReadOnlyList<int>? histogram = null;
        for (var index = 0; index < ratings.Controls.Count; index++)
        {
            var control = ratings.Controls[index];
            var primary = index == 0;
            var generic = Similarities(control, raterCount);
            ControlMeasures measures;
            if (control.Control.Kind is ConsensusKind.Category or ConsensusKind.Numeric && control.Count > 0)
            {
                var c = Categorical(control, raterCount, bootstrapResamples, generic, ratings.RaterIds, gold);
                measures = c.Measures;
                if (primary)
                {
                    raters = c.Raters;
                    pairs = c.Pairs;
                    summary = c.Summary;
                    model = control.Control.Kind == ConsensusKind.Category ? c.Model : null;
                }
            }
            else
            {
                measures = Other(control, generic);
                if (primary)
                {
                    raters = Enumerable.Range(0, raterCount).Select(r => new RaterQuality(ratings.RaterIds[r], generic.RaterRatings[r],
                        null, null, null, null, false, QualityJson.Finite(generic.RaterMean[r]))).ToList();
                    pairs = generic.Pairs.Select(p => new PairQuality(ratings.RaterIds[p.A], ratings.RaterIds[p.B], p.Overlap, null,
                        QualityJson.Finite(p.Mean))).ToList();
                }
            }
            if (primary)
            {
                histogram = Histogram(generic.ItemAgreement);
                trend = QualityTrend.Daily(control, generic.ItemAgreement, ratings.TaskDay, bootstrapResamples / 5);
            }
            controls.Add(measures with { Labels = LabelCounts(control) });
        }
        return new QualityComputation(new QualityMeasures(ratings.Count, ratings.TaskCount, raterCount, controls, pairs, summary,
            gold?.Count ?? 0, trend, histogram), raters, model);
    }

    /// <summary>Items by per-item agreement in ten bins; items with fewer than two ratings are left out.</summary>
    private static int[] Histogram(double[] itemAgreement)
    {
        var bins = new int[10];
        foreach (var a in itemAgreement)
        {
            if (double.IsNaN(a)) continue;
            bins[Math.Clamp((int)(a * 10), 0, 9)]++;
        }
        return bins;
    }

    private static List<LabelCount>? LabelCounts(ControlRatings control)
    {
        var c = control.Control;
        var counts = new int[c.Categories.Count];
        switch (c.Kind)
        {
            case ConsensusKind.Category or ConsensusKind.Numeric:
                foreach (var l in control.Labels) if ((uint)l < (uint)counts.Length) counts[l]++;
                break;
            case ConsensusKind.MultiChoice:
                foreach (var m in control.Masks)
                {
                    for (var i = 0; i < counts.Length; i++) if ((m >> i & 1) != 0) counts[i]++;
                }
                break;
            case ConsensusKind.Spans:
                foreach (var spans in control.Spans)
                {
                    foreach (var s in spans) if ((uint)s.Label < (uint)counts.Length) counts[s.Label]++;
                }
                break;
            default:
                return null;
        }
        return [.. c.Categories.Select((label, i) => new LabelCount(label, counts[i]))];
    }

    private sealed record CategoricalResult(ControlMeasures Measures, IReadOnlyList<RaterQuality> Raters, IReadOnlyList<PairQuality> Pairs,
        DawidSkeneSummary Summary, StoredDawidSkeneModel Model);

    private static CategoricalResult Categorical(ControlRatings control, int raterCount, int resamples, SimilarityStats generic,
        IReadOnlyList<string> raterIds, IReadOnlyDictionary<long, IReadOnlyList<ResultItem>>? gold)
    {
        var c = control.Control;
        var k = Math.Max(1, c.Categories.Count);
        var numeric = c.Kind == ConsensusKind.Numeric;
        var level = numeric ? MeasurementLevel.Ordinal : MeasurementLevel.Nominal;
        var values = numeric ? Enumerable.Range(1, k).Select(v => (double)v).ToArray() : null;
        var matrix = RatingMatrix.Build(CollectionsMarshal.AsSpan(control.Items), CollectionsMarshal.AsSpan(control.Raters),
            CollectionsMarshal.AsSpan(control.Labels), control.TaskIds.Count, raterCount, k);
        var table = matrix.Counts;
        var alpha = KrippendorffAlpha.Compute(table, level, values);
        var interval = resamples > 0 && double.IsFinite(alpha.Alpha)
            ? KrippendorffAlpha.Bootstrap(table, level, values, resamples)
            : null;
        var fleiss = MultiRaterAgreement.FleissKappa(table);
        var ac1 = MultiRaterAgreement.GwetAc1(table, k);
        var pairList = PairwiseKappa.Compute(matrix, numeric ? KappaWeighting.Quadratic : KappaWeighting.Unweighted);
        double kappaSum = 0, kappaWeight = 0;
        foreach (var p in pairList)
        {
            if (double.IsNaN(p.Kappa)) continue;
            kappaSum += p.Kappa * p.Overlap;
            kappaWeight += p.Overlap;
        }
        var goldClass = GoldClasses(control, gold);
        var ds = DawidSkene.Fit(matrix, null, goldClass);
        var reliability = RaterReliability.Compute(matrix, ds.Model, pairList, goldClass);
        var measures = new ControlMeasures(c.Name, c.Kind, level.ToString(), control.Count, control.TaskIds.Count, fleiss.Items,
            QualityJson.Finite(alpha.Alpha), interval is null ? null : QualityJson.Finite(interval.Lower),
            interval is null ? null : QualityJson.Finite(interval.Upper), QualityJson.Finite(fleiss.Value), QualityJson.Finite(ac1.Value),
            QualityJson.Finite(fleiss.ObservedAgreement), kappaWeight == 0 ? null : kappaSum / kappaWeight,
            QualityJson.Finite(generic.ItemMean));
        var raters = reliability.Select(r => new RaterQuality(raterIds[r.Rater], r.Ratings, QualityJson.Finite(r.LeaveOneOutAgreement),
            r.Ratings == 0 ? null : QualityJson.Finite(r.DawidSkeneAccuracy), QualityJson.Finite(r.MeanPairwiseKappa),
            r.Ratings == 0 ? null : QualityJson.Finite(r.SpammerScore), r.IsSpammer, QualityJson.Finite(generic.RaterMean[r.Rater]),
            r.GoldRatings == 0 ? null : QualityJson.Finite(r.GoldAccuracy), r.GoldRatings)).ToList();
        var pairs = pairList.Select(p => new PairQuality(raterIds[p.RaterA], raterIds[p.RaterB], p.Overlap, QualityJson.Finite(p.Kappa),
            QualityJson.Finite(p.PercentAgreement))).ToList();
        var priors = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < k && i < c.Categories.Count; i++)
        {
            priors[c.Categories[i]] = ds.Model.Priors[i];
        }
        var summary = new DawidSkeneSummary(ds.Model.Iterations, ds.Model.Converged, QualityJson.Finite(ds.Model.LogLikelihood), priors);
        return new CategoricalResult(measures, raters, pairs, summary, StoredDawidSkeneModel.From(c.Name, c.Categories, raterIds, ds.Model));
    }

    /// <summary>Gold class per item of the control (-1 where unknown); empty when no item has gold.</summary>
    private static int[] GoldClasses(ControlRatings control, IReadOnlyDictionary<long, IReadOnlyList<ResultItem>>? gold)
    {
        if (gold is null || gold.Count == 0) return [];
        var classes = new int[control.TaskIds.Count];
        var any = false;
        for (var i = 0; i < classes.Length; i++)
        {
            classes[i] = -1;
            if (!gold.TryGetValue(control.TaskIds[i], out var result)) continue;
            var label = control.Control.Kind == ConsensusKind.Numeric
                ? AnnotationMapping.Rating(control.Control, result) is { } rating ? (int)Math.Round(rating) - 1 : (int?)null
                : AnnotationMapping.Category(control.Control, result);
            if (label is { } l && l >= 0 && l < Math.Max(1, control.Control.Categories.Count))
            {
                classes[i] = l;
                any = true;
            }
        }
        return any ? classes : [];
    }

    private static ControlMeasures Other(ControlRatings control, SimilarityStats generic)
    {
        var c = control.Control;
        var level = "Nominal";
        double? alpha = null, exact = null, overlap = null;
        IReadOnlyList<ChoiceMeasure>? perChoice = null;
        if (c.Kind == ConsensusKind.MultiChoice && control.Count > 0)
        {
            var result = MultiChoiceAgreement.Compute(CollectionsMarshal.AsSpan(control.Items), CollectionsMarshal.AsSpan(control.Masks),
                control.TaskIds.Count, c.Categories.Count);
            level = "MASI";
            alpha = QualityJson.Finite(result.Alpha.Alpha);
            perChoice = result.PerChoice.Select(p => new ChoiceMeasure(c.Categories[p.Choice], QualityJson.Finite(p.Alpha),
                QualityJson.Finite(p.PercentAgreement), p.Selected)).ToList();
        }
        else if (c.Kind == ConsensusKind.Spans && control.Count > 0)
        {
            var documents = new List<SpanDocument>();
            var byItem = GroupByItem(control);
            for (var i = 0; i < control.TaskIds.Count; i++)
            {
                if (control.ItemTexts[i] is not { } text) continue;
                documents.Add(SpanDocument.FromText(text, byItem[i].Select(j => new RaterSpans(control.Raters[j], control.Spans[j])).ToList()));
            }
            var result = SpanAgreement.Compute(documents, Math.Max(1, c.Categories.Count));
            level = "Token";
            alpha = QualityJson.Finite(result.TokenAlpha.Alpha);
            exact = QualityJson.Finite(result.ExactF1);
            overlap = QualityJson.Finite(result.OverlapF1);
        }
        else if (c.Kind == ConsensusKind.Text)
        {
            level = "EditSimilarity";
        }
        return new ControlMeasures(c.Name, c.Kind, level, control.Count, control.TaskIds.Count, generic.PairableItems, alpha, null, null,
            null, null, null, null, QualityJson.Finite(generic.ItemMean), exact, overlap, perChoice);
    }

    private sealed record PairSimilarity(int A, int B, int Overlap, double Mean);

    /// <param name="ItemAgreement">Per item of the control: its mean pairwise agreement, NaN with fewer than two ratings.</param>
    private sealed record SimilarityStats(double ItemMean, int PairableItems, int[] RaterRatings, double[] RaterMean, IReadOnlyList<PairSimilarity> Pairs,
        double[] ItemAgreement);

    /// <summary>Per-item agreement (the one the conflict rule uses), averaged per item, per rater and per rater pair.</summary>
    private static SimilarityStats Similarities(ControlRatings control, int raterCount)
    {
        var c = control.Control;
        var range = Math.Max(1, c.Categories.Count - 1);
        Func<int, int, double> similarity = c.Kind switch
        {
            ConsensusKind.Category => (x, y) => control.Labels[x] == control.Labels[y] ? 1 : 0,
            ConsensusKind.Numeric => (x, y) => 1 - Math.Abs(control.Labels[x] - control.Labels[y]) / (double)range,
            ConsensusKind.MultiChoice => (x, y) => 1 - MultiChoiceAgreement.Distance(control.Masks[x], control.Masks[y], SetDistance.Jaccard),
            ConsensusKind.Spans => (x, y) => SpanAgreement.F1(control.Spans[x], control.Spans[y], SpanMatch.Exact),
            _ => (x, y) => TextAgreement.Similarity(control.Texts[x], control.Texts[y]),
        };
        var ratings = new int[raterCount];
        var raterSum = new double[raterCount];
        var raterPairs = new int[raterCount];
        var pairSum = new Dictionary<(int, int), (int N, double Sum)>();
        double itemSum = 0;
        var items = 0;
        var groups = GroupByItem(control);
        var itemAgreement = new double[groups.Length];
        Array.Fill(itemAgreement, double.NaN);
        for (var item = 0; item < groups.Length; item++)
        {
            var group = groups[item];
            foreach (var j in group) ratings[control.Raters[j]]++;
            if (group.Count < 2) continue;
            double sum = 0;
            var n = 0;
            for (var a = 0; a < group.Count; a++)
            {
                for (var b = a + 1; b < group.Count; b++)
                {
                    var s = similarity(group[a], group[b]);
                    sum += s;
                    n++;
                    int ra = control.Raters[group[a]], rb = control.Raters[group[b]];
                    raterSum[ra] += s;
                    raterSum[rb] += s;
                    raterPairs[ra]++;
                    raterPairs[rb]++;
                    var key = ra < rb ? (ra, rb) : (rb, ra);
                    var current = pairSum.GetValueOrDefault(key);
                    pairSum[key] = (current.N + 1, current.Sum + s);
                }
            }
            itemSum += sum / n;
            itemAgreement[item] = sum / n;
            items++;
        }
        var raterMean = new double[raterCount];
        for (var r = 0; r < raterCount; r++)
        {
            raterMean[r] = raterPairs[r] == 0 ? double.NaN : raterSum[r] / raterPairs[r];
        }
        var pairs = pairSum.OrderBy(p => p.Key.Item1).ThenBy(p => p.Key.Item2)
            .Select(p => new PairSimilarity(p.Key.Item1, p.Key.Item2, p.Value.N, p.Value.Sum / p.Value.N)).ToList();
        return new SimilarityStats(items == 0 ? double.NaN : itemSum / items, items, ratings, raterMean, pairs, itemAgreement);
    }

    internal static List<int>[] GroupByItem(ControlRatings control)
    {
        var groups = new List<int>[control.TaskIds.Count];
        for (var i = 0; i < groups.Length; i++) groups[i] = [];
        for (var j = 0; j < control.Count; j++) groups[control.Items[j]].Add(j);
        return groups;
    }
}
