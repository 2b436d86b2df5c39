using LabelStudio.Feedback.Drift;

namespace LabelStudio.Data.Feedback;

/// <summary>
/// An ingest's click evidence by rank (its own counts and θ_k, kept so later ingests can sum them) and its comparison
/// with the evidence before it: per rank the click-through then and now, the difference and its binomial standard error,
/// and a warning when some rank moved beyond sampling noise.
/// </summary>
public sealed record FeedbackDrift
{
    /// <summary>This log's impressions, clicks and θ_k per rank (θ from a position-based model fitted on this log alone).</summary>
    public IReadOnlyList<RankCountView> Own { get; init; } = [];
    public IReadOnlyList<RankDriftView> Ranks { get; init; } = [];
    public bool Warning { get; init; }
    public string Summary { get; init; } = "";
    /// <summary>The earlier ingests whose counts make "before".</summary>
    public IReadOnlyList<long> ComparedWith { get; init; } = [];

    internal IReadOnlyList<RankClicks> OwnClicks() => Own.Select(r => new RankClicks(r.Rank, r.Impressions, r.Clicks, r.Theta ?? double.NaN)).ToList();

    internal static FeedbackDrift From(IReadOnlyList<RankClicks> own, ClickDriftReport report, IReadOnlyList<long> comparedWith) => new()
    {
        Own = own.Select(r => new RankCountView(r.Rank, r.Impressions, r.Clicks, F(r.Theta, 6))).ToList(),
        Ranks = report.Ranks.Select(r => new RankDriftView(r.Rank, r.Current.Impressions, r.Current.Clicks, F(r.Current.Ctr, 6),
            F(r.Current.Theta, 6), r.Before.Impressions, r.Before.Clicks, F(r.Before.Ctr, 6), F(r.Before.Theta, 6), F(r.Difference, 6),
            F(r.StandardError, 6), r.Moved)).ToList(),
        Warning = report.Warning, Summary = report.Summary, ComparedWith = comparedWith,
    };

    private static double? F(double v, int digits) => double.IsFinite(v) ? Math.Round(v, digits) : null;
}

public sealed record RankCountView(int Rank, long Impressions, long Clicks, double? Theta);

/// <summary>One rank: this log's click-through and θ against the evidence before it, the difference and its standard error.</summary>
public sealed record RankDriftView(int Rank, long Impressions, long Clicks, double? Ctr, double? Theta, long BeforeImpressions,
    long BeforeClicks, double? BeforeCtr, double? BeforeTheta, double? Difference, double? StandardError, bool Moved);
