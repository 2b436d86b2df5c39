namespace LabelStudio.Feedback.Evaluation;

/// <summary>One reported metric: its key, display name, direction and how queries are weighted.</summary>
public sealed record RankerMetric(string Key, string Name, bool HigherIsBetter, string Definition)
{
    public const string Ctr = "ctr";
    public const string CtrAt1 = "ctr_at_1";
    public const string Mrr = "mrr";
    public const string Abandonment = "abandonment";
    public const string ClicksPerQuery = "clicks_per_query";
    public const string SatRate = "sat_rate";
    public const string NdcgAt10 = "ndcg_at_10";
    public const string PrecisionAt1 = "precision_at_1";
    public const string PrecisionAt5 = "precision_at_5";
    public const string PrecisionAt10 = "precision_at_10";
    public const string JudgedAt10 = "judged_at_10";

    /// <summary>Every metric in report order (SAT rate is only reported when the evidence has satisfied clicks).</summary>
    public static IReadOnlyList<RankerMetric> All { get; } =
    [
        new(Ctr, "CTR", true, "clicks per shown result, pooled over impressions"),
        new(CtrAt1, "CTR@1", true, "share of impressions whose first result was clicked"),
        new(Mrr, "MRR", true, "mean reciprocal rank of the first click (0 for an abandoned impression)"),
        new(Abandonment, "Abandonment", false, "share of impressions without a click"),
        new(ClicksPerQuery, "Clicks per query", true, "clicks per impression"),
        new(SatRate, "SAT-click rate", true, "share of impressions with a satisfied click (long dwell)"),
        new(NdcgAt10, "NDCG@10", true,
            "expected NDCG@10 over the ranker's impressions of a query, averaged over queries; graded gain = the human label (1/0) where there is one, else P(relevant); ideal = the query's best 10 judged docs"),
        new(PrecisionAt1, "P@1", true, "share of labeled results at rank 1 that are relevant, per query, averaged over queries"),
        new(PrecisionAt5, "P@5", true, "share of labeled results in the top 5 that are relevant, per query, averaged over queries"),
        new(PrecisionAt10, "P@10", true, "share of labeled results in the top 10 that are relevant, per query, averaged over queries"),
        new(JudgedAt10, "Labeled@10", true, "share of the top 10 results that have a label (how much the precision rests on)"),
    ];

    public static RankerMetric? Find(string key) => All.FirstOrDefault(m => m.Key == key);
}
