using LabelStudio.Feedback.Calibration;
using LabelStudio.Feedback.Ingest;
using LabelStudio.Feedback.Models;

namespace LabelStudio.Feedback.Graded;

/// <summary>
/// Per-grade probabilities P(grade = 0 … 4) for every pair, besides the binary decision.
/// <para>Model: proportional-odds cumulative logit (<see cref="OrdinalLogisticModel"/>) on the binary calibrator's
/// features. Grades are ordered and the seed is small (a few hundred pairs, the top grades rare): one slope vector and
/// four cut points (9 parameters) use the order and every seed pair for every grade, where a multinomial or one-vs-rest
/// model needs 24 parameters and has a handful of grade-4 examples to fit its own. Probabilities come straight from the
/// model, then each grade's probability is recalibrated (isotonic regression, fitted on the out-of-fold
/// probabilities of the seed) and the five are normalised: a linear predictor on click features is overconfident at the
/// ends of the scale (grades 3 and 4 overlap in attractiveness), and the recalibration brings P(grade 4) back to what the
/// seed supports. Calibration is measured out of fold on the seed (reliability and ECE per grade).</para>
/// <para>Decision: a pair gets the most probable grade when that probability is at least the target precision (so a
/// calibrated model is right on at least that share of its graded labels), it passed the binary gates, and the grade
/// agrees with the binary decision when there is one. A spam suspect has no probabilities.</para>
/// </summary>
public static class GradedLabeler
{
    /// <summary>Distinct seed grades needed: with fewer the seed is binary and says nothing about the scale.</summary>
    public const int MinDistinctGrades = 3;

    /// <summary>Fits the graded model on the seed and scores every pair of <paramref name="binary"/>.</summary>
    public static GradedLabels Label(ClickAggregate aggregate, ClickModelScores scores, FeedbackLabels binary,
        IReadOnlyList<SeedLabel>? seed, CalibrationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(binary);
        options ??= new CalibrationOptions();
        int pairs = aggregate.PairCount;
        var seedGrades = new Dictionary<int, int>();
        foreach (var s in seed ?? [])
        {
            int p = aggregate.FindPair(s.QueryId, s.DocId);
            if (p >= 0) seedGrades[p] = Math.Clamp(s.Grade, 0, GradedLabels.Classes - 1);
        }
        int distinct = seedGrades.Values.Distinct().Count();
        var labels = new GradedLabels
        {
            ProbabilityArray = new double[pairs * GradedLabels.Classes],
            ExpectedArray = new double[pairs],
            GradeArray = new sbyte[pairs],
        };
        Array.Fill(labels.ProbabilityArray, double.NaN);
        Array.Fill(labels.ExpectedArray, double.NaN);
        Array.Fill(labels.GradeArray, (sbyte)-1);
        if (seedGrades.Count < options.MinSeedPairs || distinct < MinDistinctGrades)
        {
            labels.Abstained = pairs;
            labels.Calibration = new GradedCalibration
            {
                Mode = "none",
                Description = $"no graded model: the seed has {seedGrades.Count} pairs with evidence in {distinct} grades; "
                    + $"it needs {options.MinSeedPairs} pairs in at least {MinDistinctGrades} grades",
                Threshold = options.TargetPrecision,
                SeedPairs = seedGrades.Count,
            };
            return labels;
        }

        var ids = seedGrades.Keys.ToArray();
        Array.Sort(ids);
        new Random(options.RandomSeed).Shuffle(ids);
        int n = ids.Length;
        int d = FeedbackLabeler.s_features.Length;
        var x = new double[n][];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = new double[d];
            FeedbackLabeler.Features(aggregate, scores, ids[i], x[i]);
            y[i] = seedGrades[ids[i]];
        }
        var oof = OutOfFold(x, y, options);
        var recalibration = GradeRecalibration.Fit(oof, y);
        recalibration.Apply(oof);
        var calibration = Measure(oof, y, ids, binary, options);

        var model = OrdinalLogisticModel.Fit(x, y, GradedLabels.Classes, options.L2);
        Span<double> features = stackalloc double[d];
        var counts = new int[GradedLabels.Classes];
        for (int p = 0; p < pairs; p++)
        {
            if (binary.Reasons[p] == AbstainReason.SpamSuspected)
            {
                labels.Abstained++;
                continue;
            }
            FeedbackLabeler.Features(aggregate, scores, p, features);
            var probabilities = labels.ProbabilityArray.AsSpan(p * GradedLabels.Classes, GradedLabels.Classes);
            model.Predict(features, probabilities);
            recalibration.Apply(probabilities);
            labels.ExpectedArray[p] = Expected(probabilities);
            int grade = Decide(probabilities, binary.Labels[p], binary.Reasons[p], options);
            labels.GradeArray[p] = (sbyte)grade;
            if (grade >= 0) counts[grade]++;
            else labels.Abstained++;
        }
        labels.GradeCounts = counts;
        labels.Calibration = calibration with { Weights = model.Weights.ToArray(), Cuts = model.Cuts.ToArray() };
        return labels;
    }

    /// <summary>The graded label of a pair, or −1: below the threshold, gated, or contradicting the binary decision.</summary>
    private static int Decide(ReadOnlySpan<double> probabilities, int binaryLabel, AbstainReason reason, CalibrationOptions o)
    {
        if (reason is not (AbstainReason.None or AbstainReason.UncertainScore)) return -1;
        int best = 0;
        for (int k = 1; k < probabilities.Length; k++)
        {
            if (probabilities[k] > probabilities[best]) best = k;
        }
        if (probabilities[best] < o.TargetPrecision) return -1;
        if (binaryLabel >= 0 && (best >= o.RelevantMinGrade) != (binaryLabel == 1)) return -1;
        return best;
    }

    private static double Expected(ReadOnlySpan<double> probabilities)
    {
        double e = 0;
        for (int k = 0; k < probabilities.Length; k++) e += k * probabilities[k];
        return e;
    }

    /// <summary>Out-of-fold probabilities (row-major) from k-fold cross-validation; a fold with one grade gets the base rates.</summary>
    private static double[] OutOfFold(double[][] x, int[] y, CalibrationOptions o)
    {
        int n = x.Length;
        int folds = Math.Clamp(o.Folds, 2, n);
        var oof = new double[n * GradedLabels.Classes];
        for (int f = 0; f < folds; f++)
        {
            var trainX = new List<double[]>();
            var trainY = new List<int>();
            for (int i = 0; i < n; i++)
            {
                if (i % folds == f) continue;
                trainX.Add(x[i]);
                trainY.Add(y[i]);
            }
            var model = trainY.Distinct().Count() >= 2 ? OrdinalLogisticModel.Fit([.. trainX], [.. trainY], GradedLabels.Classes, o.L2) : null;
            for (int i = f; i < n; i += folds)
            {
                var row = oof.AsSpan(i * GradedLabels.Classes, GradedLabels.Classes);
                if (model is not null)
                {
                    model.Predict(x[i], row);
                    continue;
                }
                for (int k = 0; k < GradedLabels.Classes; k++) row[k] = (trainY.Count(g => g == k) + 0.5) / (trainY.Count + 2.5);
            }
        }
        return oof;
    }

    private static GradedCalibration Measure(double[] oof, int[] y, int[] ids, FeedbackLabels binary, CalibrationOptions o)
    {
        int n = y.Length;
        var grades = new List<GradeCalibration>();
        for (int k = 0; k < GradedLabels.Classes; k++) grades.Add(GradeMetrics.Calibration(oof, y, k));
        var expected = new double[n];
        int ungated = 0, covered = 0, correct = 0;
        for (int i = 0; i < n; i++)
        {
            var row = oof.AsSpan(i * GradedLabels.Classes, GradedLabels.Classes);
            expected[i] = Expected(row);
            var reason = binary.Reasons[ids[i]];
            if (reason is not (AbstainReason.None or AbstainReason.UncertainScore)) continue;
            ungated++;
            // Out of fold the binary decision is not known, so only the probability threshold applies here.
            int grade = Decide(row, -1, reason, o);
            if (grade < 0) continue;
            covered++;
            if (grade == y[i]) correct++;
        }
        var (low, high) = GradeMetrics.Wilson(correct, covered);
        double spearman = GradeMetrics.Spearman(expected, y.Select(g => (double)g).ToArray());
        return new GradedCalibration
        {
            Mode = "ordinal",
            Description = $"proportional-odds (cumulative logit) model on {FeedbackLabeler.s_features.Length} click features, per-grade isotonic recalibration, "
                + $"{Math.Clamp(o.Folds, 2, n)}-fold cross-validated on {n} seed pairs; graded label when the most probable grade has "
                + $"P >= {o.TargetPrecision:0.###} and agrees with the relevant / not relevant decision",
            Threshold = o.TargetPrecision,
            SeedPairs = n,
            Grades = grades,
            SeedCoverage = ungated == 0 ? double.NaN : (double)covered / ungated,
            SeedAccuracy = covered == 0 ? double.NaN : (double)correct / covered,
            SeedAccuracyLow = low,
            SeedAccuracyHigh = high,
            SeedSpearman = spearman,
        };
    }
}
