namespace LabelStudio.Feedback.Drift;

/// <summary>Impressions and clicks at one 1-based rank, with the examination θ_k estimated there (NaN when unknown).</summary>
public sealed record RankClicks(int Rank, long Impressions, long Clicks, double Theta)
{
    /// <summary>Click-through at the rank (NaN without impressions).</summary>
    public double Ctr => Impressions == 0 ? double.NaN : (double)Clicks / Impressions;
}
