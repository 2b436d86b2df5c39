using LabelStudio.Feedback.Ingest;

namespace LabelStudio.Feedback.Models;

/// <summary>
/// Fits every click model on an aggregate. SDBN (DBN with γ = 1) counts only impressions with at least one click:
/// a result is examined when shown at or above the last click, a_u = clicks / examined, s_u = last clicks / clicks,
/// both smoothed towards the global rates.
/// </summary>
public static class ClickModels
{
    /// <summary>Fits CTR, SAT-CTR, PBM, SDBN and the combination.</summary>
    public static ClickModelScores Fit(ClickAggregate aggregate, ModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        options ??= new ModelOptions();
        var pbm = PositionBasedModel.Fit(aggregate, options);
        int pairs = aggregate.PairCount;
        long impr = 0, clicks = 0, sat = 0, exam = 0, last = 0;
        for (int p = 0; p < pairs; p++)
        {
            impr += aggregate.PairImpressions[p];
            clicks += aggregate.PairClicks[p];
            sat += aggregate.PairSat[p];
            exam += aggregate.PairSdbnExamined[p];
            last += aggregate.PairSdbnLast[p];
        }
        double gCtr = Rate(clicks, impr);
        double gSat = Rate(sat, impr);
        double gA = Rate(clicks, exam);
        double gS = Rate(last, clicks);
        double cs = options.CtrPriorStrength;
        double ss = options.SdbnPriorStrength;
        var scores = new ClickModelScores
        {
            Pbm = pbm,
            CtrArray = new double[pairs],
            SatCtrArray = new double[pairs],
            SdbnAttractivenessArray = new double[pairs],
            SdbnSatisfactionArray = new double[pairs],
            SdbnArray = new double[pairs],
            CombinedArray = new double[pairs],
        };
        for (int p = 0; p < pairs; p++)
        {
            double n = aggregate.PairImpressions[p];
            double c = aggregate.PairClicks[p];
            scores.CtrArray[p] = (c + gCtr * cs) / (n + cs);
            scores.SatCtrArray[p] = (aggregate.PairSat[p] + gSat * cs) / (n + cs);
            double a = (c + gA * ss) / (aggregate.PairSdbnExamined[p] + ss);
            double s = (aggregate.PairSdbnLast[p] + gS * ss) / (c + ss);
            scores.SdbnAttractivenessArray[p] = a;
            scores.SdbnSatisfactionArray[p] = s;
            scores.SdbnArray[p] = a * s;
        }
        var combined = scores.CombinedArray;
        AddPercentiles(pbm.AlphaArray, combined);
        AddPercentiles(scores.SdbnArray, combined);
        AddPercentiles(scores.SatCtrArray, combined);
        for (int p = 0; p < pairs; p++)
        {
            combined[p] /= 3;
        }
        return scores;
    }

    private static double Rate(long num, long den) => den == 0 ? 0.5 : Math.Clamp((double)num / den, 1e-4, 1 - 1e-4);

    /// <summary>Adds each value's percentile rank in [0, 1] (ties share their mean rank) to <paramref name="target"/>.</summary>
    internal static void AddPercentiles(double[] values, double[] target)
    {
        int n = values.Length;
        if (n == 0)
        {
            return;
        }
        if (n == 1)
        {
            target[0] += 0.5;
            return;
        }
        var keys = (double[])values.Clone();
        var idx = new int[n];
        for (int i = 0; i < n; i++)
        {
            idx[i] = i;
        }
        Array.Sort(keys, idx);
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j < n && keys[j] == keys[i])
            {
                j++;
            }
            double rank = (i + j - 1) / 2.0 / (n - 1);
            for (int t = i; t < j; t++)
            {
                target[idx[t]] += rank;
            }
            i = j;
        }
    }
}
