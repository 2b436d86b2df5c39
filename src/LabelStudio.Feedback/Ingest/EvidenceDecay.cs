namespace LabelStudio.Feedback.Ingest;

/// <summary>
/// Exponential decay of stored evidence: a log ingested <c>age</c> ago counts with weight 2^(−age / half-life). Counts
/// stay whole numbers (the click models work on counts): each is rounded to the nearest integer, so an old log's pairs
/// with a handful of impressions fade out entirely once their weight falls below one half per impression.
/// </summary>
public static class EvidenceDecay
{
    /// <summary>The weight of evidence <paramref name="ageDays"/> old; 1 without a half-life (≤ 0) or for a future date.</summary>
    public static double Weight(double ageDays, double halfLifeDays) =>
        halfLifeDays <= 0 || ageDays <= 0 ? 1 : Math.Pow(2, -ageDays / halfLifeDays);

    /// <summary>The evidence scaled by <paramref name="weight"/>, or null when nothing of it is left.</summary>
    public static StoredPairEvidence? Apply(StoredPairEvidence evidence, double weight)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        if (weight >= 1) return evidence;
        int Scale(int v) => (int)Math.Round(v * weight, MidpointRounding.AwayFromZero);
        var cells = evidence.Cells
            .Select(c => new StoredCell(c.Rank, Scale(c.Impressions), Scale(c.Clicks), Scale(c.SatClicks)))
            .Where(c => c.Impressions > 0)
            .Select(c => c with { Clicks = Math.Min(c.Clicks, c.Impressions), SatClicks = Math.Min(c.SatClicks, Math.Min(c.Clicks, c.Impressions)) })
            .ToList();
        int impressions = cells.Sum(c => c.Impressions);
        if (impressions == 0) return null;
        int clicks = cells.Sum(c => c.Clicks);
        int clickerClicks = Math.Min(Scale(evidence.ClickerClicks), clicks);
        int topClicks = Math.Min(Scale(evidence.TopClickerClicks), clickerClicks);
        return evidence with
        {
            Impressions = impressions,
            Clicks = clicks,
            SatClicks = cells.Sum(c => c.SatClicks),
            SdbnExamined = Math.Min(Scale(evidence.SdbnExamined), impressions),
            SdbnLastClicks = Math.Min(Scale(evidence.SdbnLastClicks), clicks),
            // Distinct clickers are people, not counts: they can only shrink with the clicks they made.
            DistinctClickers = Math.Min(evidence.DistinctClickers, clickerClicks),
            ClickerClicks = clickerClicks,
            TopClicker = topClicks > 0 ? evidence.TopClicker : null,
            TopClickerClicks = topClicks,
            Cells = cells,
        };
    }
}
