using LabelStudio.Feedback.Ingest;
using LabelStudio.Feedback.Models;

namespace LabelStudio.Feedback.Calibration;

/// <summary>
/// Turns model scores into P(relevant) and decisions.
/// <para>With a seed: a logistic calibrator (Platt scaling generalised to the logits of CTR, SAT-CTR, PBM α, SDBN
/// and log(1 + effective impressions)) is cross-validated on the seed; the out-of-fold probabilities give the
/// risk–coverage curve, and the confidence threshold is the lowest one whose out-of-fold precision (agreement of
/// auto-labels with the seed, both classes) reaches the target. The calibrator refitted on the whole seed then
/// scores every pair.</para>
/// <para>Without a usable seed: p = P(α &gt; τ) under the PBM Beta posterior (normal approximation), τ = the
/// population-average attractiveness, and only pairs with confidence of at least
/// <see cref="CalibrationOptions.UnsupervisedConfidence"/> are labelled.</para>
/// <para>Gates applied before any score: spam suspect, too few impressions, only low ranks (never above the cutoff
/// and too few examination-weighted impressions); after the score: a
/// would-be positive whose clicks are rarely satisfied abstains.</para>
/// </summary>
public static class FeedbackLabeler
{
    internal static readonly string[] s_features = ["logit_ctr", "logit_sat_ctr", "logit_pbm_alpha", "logit_sdbn", "log1p_effective_impressions"];

    /// <summary>Calibrates and decides every pair.</summary>
    public static FeedbackLabels Label(ClickAggregate aggregate, ClickModelScores scores,
        IReadOnlyList<SeedLabel>? seed, CalibrationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        ArgumentNullException.ThrowIfNull(scores);
        options ??= new CalibrationOptions();
        if (options.TargetPrecision is <= 0.5 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "TargetPrecision must be in (0.5, 1).");
        }
        int pairs = aggregate.PairCount;
        var gates = new AbstainReason[pairs];
        for (int p = 0; p < pairs; p++)
        {
            gates[p] = Gate(aggregate, scores, p, options);
        }

        var seedPairs = new Dictionary<int, bool>();
        int seedCount = seed?.Count ?? 0;
        if (seed is not null)
        {
            foreach (var s in seed)
            {
                int p = aggregate.FindPair(s.QueryId, s.DocId);
                if (p >= 0)
                {
                    seedPairs[p] = s.Grade >= options.RelevantMinGrade;
                }
            }
        }
        int seedPos = seedPairs.Count(kv => kv.Value);
        int seedNeg = seedPairs.Count - seedPos;

        var pRel = new double[pairs];
        CalibrationResult calibration;
        double threshold;
        if (seedPairs.Count >= options.MinSeedPairs && seedPos >= 2 && seedNeg >= 2)
        {
            (calibration, threshold) = CalibrateOnSeed(aggregate, scores, seedPairs, gates, options, pRel);
            calibration = calibration with { SeedPairs = seedCount };
        }
        else
        {
            string why = seedCount == 0
                ? "no seed given"
                : $"seed too small: {seedPairs.Count} pairs with evidence ({seedPos} relevant), need {options.MinSeedPairs} with both classes";
            double tau = options.UnsupervisedAlphaThreshold ?? scores.Pbm.PriorMean;
            for (int p = 0; p < pairs; p++)
            {
                double mean = scores.Pbm.AlphaArray[p];
                double sd = Math.Max(scores.Pbm.PosteriorSdArray[p], 1e-9);
                pRel[p] = NormalCdf((mean - tau) / sd);
            }
            threshold = options.UnsupervisedConfidence;
            calibration = new CalibrationResult
            {
                Mode = "unsupervised",
                Description = $"{why}; unsupervised rule: p_rel = P(PBM attractiveness > {tau:0.####}) under its Beta posterior "
                    + $"(normal approximation, threshold = population-average attractiveness); label when max(p, 1-p) >= {threshold:0.###}",
                TargetPrecision = options.TargetPrecision,
                ConfidenceThreshold = threshold,
                TargetReached = false,
                SeedPairs = seedCount,
                SeedPairsWithEvidence = seedPairs.Count,
                SeedPositives = seedPos,
                SeedPrecision = double.NaN,
                SeedCoverage = double.NaN,
                SeedPositivePrecision = double.NaN,
                SeedAuc = double.NaN,
            };
        }

        var labels = new FeedbackLabels
        {
            Calibration = calibration,
            PRelArray = pRel,
            LabelArray = new sbyte[pairs],
            ReasonArray = new AbstainReason[pairs],
        };
        var counts = new Dictionary<AbstainReason, int>();
        for (int p = 0; p < pairs; p++)
        {
            var reason = Decide(aggregate, p, pRel[p], threshold, gates[p], options, out sbyte label);
            labels.LabelArray[p] = label;
            labels.ReasonArray[p] = reason;
            if (label == 1)
            {
                labels.Positives++;
            }
            else if (label == 0)
            {
                labels.Negatives++;
            }
            else
            {
                labels.Abstained++;
                counts[reason] = counts.GetValueOrDefault(reason) + 1;
            }
        }
        labels.AbstainCounts = counts;
        return labels;
    }

    private static AbstainReason Gate(ClickAggregate a, ClickModelScores s, int p, CalibrationOptions o)
    {
        if (a.PairSpam[p])
        {
            return AbstainReason.SpamSuspected;
        }
        if (a.PairImpressions[p] < o.MinImpressions)
        {
            return AbstainReason.TooFewImpressions;
        }
        int best = int.MaxValue;
        for (int c = a.CellStart[p]; c < a.CellStart[p + 1]; c++)
        {
            best = Math.Min(best, a.CellRank[c] + 1);
        }
        return best > o.LowRankCutoff && s.Pbm.EffectiveArray[p] < o.MinEffectiveImpressions
            ? AbstainReason.OnlyLowRanks : AbstainReason.None;
    }

    private static AbstainReason Decide(ClickAggregate a, int p, double prob, double threshold, AbstainReason gate,
        CalibrationOptions o, out sbyte label)
    {
        label = -1;
        if (gate != AbstainReason.None)
        {
            return gate;
        }
        bool positive = prob >= 0.5;
        if (positive && a.PairClicks[p] >= o.DwellCheckMinClicks
            && (double)a.PairSat[p] / a.PairClicks[p] < o.MinSatisfiedShare)
        {
            return AbstainReason.ClicksDwellDisagree;
        }
        if (Math.Max(prob, 1 - prob) < threshold)
        {
            return AbstainReason.UncertainScore;
        }
        label = positive ? (sbyte)1 : (sbyte)0;
        return AbstainReason.None;
    }

    internal static void Features(ClickAggregate a, ClickModelScores s, int p, Span<double> x)
    {
        x[0] = Logit(s.CtrArray[p]);
        x[1] = Logit(s.SatCtrArray[p]);
        x[2] = Logit(s.Pbm.AlphaArray[p]);
        x[3] = Logit(s.SdbnArray[p]);
        x[4] = Math.Log(1 + s.Pbm.EffectiveArray[p]);
    }

    private static double Logit(double v)
    {
        v = Math.Clamp(v, 1e-4, 1 - 1e-4);
        return Math.Log(v / (1 - v));
    }

    private static (CalibrationResult, double) CalibrateOnSeed(ClickAggregate a, ClickModelScores s,
        Dictionary<int, bool> seedPairs, AbstainReason[] gates, CalibrationOptions o, double[] pRel)
    {
        var ids = seedPairs.Keys.ToArray();
        Array.Sort(ids);
        var rng = new Random(o.RandomSeed);
        rng.Shuffle(ids);
        int n = ids.Length;
        var x = new double[n][];
        var y = new bool[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = new double[s_features.Length];
            Features(a, s, ids[i], x[i]);
            y[i] = seedPairs[ids[i]];
        }
        int folds = Math.Clamp(o.Folds, 2, n);
        var oof = new double[n];
        for (int f = 0; f < folds; f++)
        {
            var trainX = new List<double[]>();
            var trainY = new List<bool>();
            for (int i = 0; i < n; i++)
            {
                if (i % folds != f)
                {
                    trainX.Add(x[i]);
                    trainY.Add(y[i]);
                }
            }
            int tp = trainY.Count(v => v);
            LogisticModel? model = tp > 0 && tp < trainY.Count ? LogisticModel.Fit([.. trainX], [.. trainY], o.L2) : null;
            double baseRate = (tp + 0.5) / (trainY.Count + 1.0);
            for (int i = f; i < n; i += folds)
            {
                oof[i] = model?.Predict(x[i]) ?? baseRate;
            }
        }

        // Risk–coverage on out-of-fold probabilities, with the same gates as the final decision.
        var candidates = new List<(double Conf, bool Correct, bool Positive)>();
        for (int i = 0; i < n; i++)
        {
            var reason = Decide(a, ids[i], oof[i], 0, gates[ids[i]], o, out sbyte label);
            if (reason == AbstainReason.None)
            {
                candidates.Add((Math.Max(oof[i], 1 - oof[i]), (label == 1) == y[i], label == 1));
            }
        }
        candidates.Sort((l, r) => r.Conf.CompareTo(l.Conf));
        var curve = new List<RiskCoveragePoint>();
        int covered = 0, correct = 0, posCovered = 0, posCorrect = 0;
        double bestThreshold = double.PositiveInfinity;
        double bestPrecision = double.NaN, bestCoverage = 0, bestPosPrecision = double.NaN;
        bool reached = false;
        int minCovered = Math.Min(o.MinCoveredSeedPairs, candidates.Count);
        for (int i = 0; i < candidates.Count;)
        {
            int j = i;
            while (j < candidates.Count && candidates[j].Conf == candidates[i].Conf)
            {
                covered++;
                if (candidates[j].Correct)
                {
                    correct++;
                }
                if (candidates[j].Positive)
                {
                    posCovered++;
                    if (candidates[j].Correct)
                    {
                        posCorrect++;
                    }
                }
                j++;
            }
            double precision = (double)correct / covered;
            double coverage = (double)covered / n;
            curve.Add(new RiskCoveragePoint(coverage, precision, candidates[i].Conf));
            if (precision >= o.TargetPrecision && covered >= minCovered)
            {
                reached = true;
                bestThreshold = candidates[i].Conf;
                bestPrecision = precision;
                bestCoverage = coverage;
                bestPosPrecision = posCovered == 0 ? double.NaN : (double)posCorrect / posCovered;
            }
            i = j;
        }

        var final = LogisticModel.Fit(x, y, o.L2);
        Span<double> buf = stackalloc double[s_features.Length];
        for (int p = 0; p < a.PairCount; p++)
        {
            Features(a, s, p, buf);
            pRel[p] = final.Predict(buf);
        }
        var result = new CalibrationResult
        {
            Mode = "seed",
            Description = $"logistic calibration on {s_features.Length} model features, {folds}-fold cross-validated on {n} seed pairs; "
                + (reached
                    ? $"auto-label when max(p, 1-p) >= {bestThreshold:0.####}"
                    : $"no threshold reached precision {o.TargetPrecision:0.###} on the seed: nothing is auto-labelled"),
            TargetPrecision = o.TargetPrecision,
            ConfidenceThreshold = reached ? bestThreshold : 1.0 + 1e-9,
            TargetReached = reached,
            SeedPairsWithEvidence = n,
            SeedPositives = y.Count(v => v),
            SeedPrecision = bestPrecision,
            SeedCoverage = bestCoverage,
            SeedPositivePrecision = bestPosPrecision,
            SeedAuc = RankMetrics.Auc(oof, y),
            Curve = curve,
            Features = s_features,
            Coefficients = final.Weights,
        };
        return (result, result.ConfidenceThreshold);
    }

    private static double NormalCdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    private static double Erfc(double x)
    {
        // Numerical Recipes erfc approximation (relative error < 1.2e-7).
        double z = Math.Abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
            + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
            + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
