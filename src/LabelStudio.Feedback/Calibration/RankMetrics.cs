namespace LabelStudio.Feedback.Calibration;

/// <summary>Ranking metrics.</summary>
public static class RankMetrics
{
    /// <summary>Area under the ROC curve (ties count one half); NaN when one class is missing.</summary>
    public static double Auc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        int n = scores.Count;
        if (labels.Count != n)
        {
            throw new ArgumentException("scores and labels differ in length.");
        }
        var keys = new double[n];
        var idx = new int[n];
        for (int i = 0; i < n; i++)
        {
            keys[i] = scores[i];
            idx[i] = i;
        }
        Array.Sort(keys, idx);
        double rankSumPos = 0;
        long pos = 0;
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j < n && keys[j] == keys[i])
            {
                j++;
            }
            double rank = (i + j + 1) / 2.0;
            for (int t = i; t < j; t++)
            {
                if (labels[idx[t]])
                {
                    rankSumPos += rank;
                    pos++;
                }
            }
            i = j;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0)
        {
            return double.NaN;
        }
        return (rankSumPos - pos * (pos + 1) / 2.0) / ((double)pos * neg);
    }
}
