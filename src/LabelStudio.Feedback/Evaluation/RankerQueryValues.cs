namespace LabelStudio.Feedback.Evaluation;

/// <summary>Per-query (numerator, denominator) of every metric for one ranker, queries in ascending index order.</summary>
internal sealed class RankerQueryValues(int[] query, double[] num, double[] den)
{
    public static readonly int MetricCount = RankerMetric.All.Count;

    public int[] Query { get; } = query;

    public static int IndexOf(string key)
    {
        for (int i = 0; i < RankerMetric.All.Count; i++)
        {
            if (RankerMetric.All[i].Key == key)
            {
                return i;
            }
        }
        throw new ArgumentException($"Unknown metric {key}.");
    }

    public (double Num, double Den) Get(int row, int metric) => (num[row * MetricCount + metric], den[row * MetricCount + metric]);

    public MetricEstimate Estimate(int metric)
    {
        var n = new double[Query.Length];
        var d = new double[Query.Length];
        for (int r = 0; r < Query.Length; r++)
        {
            (n[r], d[r]) = Get(r, metric);
        }
        return RatioEstimator.Estimate(n, d);
    }
}
