namespace LabelStudio.Feedback.Evaluation;

/// <summary>
/// Click counts of one ranker on one query, summed over its (non-interleaved) impressions; mergeable by addition.
/// </summary>
/// <param name="ClickedImpressions">Impressions with at least one click (the rest were abandoned).</param>
/// <param name="ResultsShown">Results shown, summed over impressions (the denominator of the result CTR).</param>
/// <param name="Rank1Clicks">Impressions whose first result was clicked.</param>
/// <param name="ReciprocalRankSum">Sum over impressions of 1 / rank of the first click (0 without a click).</param>
/// <param name="SatImpressions">Impressions with at least one satisfied click.</param>
public readonly record struct RankerClickCounts(long Impressions, long ClickedImpressions, long Clicks, long ResultsShown,
    long Rank1Clicks, double ReciprocalRankSum, long SatImpressions)
{
    public RankerClickCounts Add(RankerClickCounts o) => new(Impressions + o.Impressions, ClickedImpressions + o.ClickedImpressions,
        Clicks + o.Clicks, ResultsShown + o.ResultsShown, Rank1Clicks + o.Rank1Clicks, ReciprocalRankSum + o.ReciprocalRankSum,
        SatImpressions + o.SatImpressions);
}
