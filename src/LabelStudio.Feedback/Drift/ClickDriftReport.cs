namespace LabelStudio.Feedback.Drift;

/// <summary>Drift of the click evidence at each rank, and whether any rank moved beyond sampling noise.</summary>
public sealed record ClickDriftReport(IReadOnlyList<RankDrift> Ranks, bool Warning, string Summary);
