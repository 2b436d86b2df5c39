namespace LabelStudio.Feedback.Drift;

/// <summary>When a change of click-through at a rank counts as drift.</summary>
public sealed class ClickDriftOptions
{
    /// <summary>Ranks compared (1 … this).</summary>
    public int MaxRank { get; init; } = 10;

    /// <summary>A difference must exceed this many standard errors (3: about 3 false alarms in 1,000 per rank).</summary>
    public double NoiseBand { get; init; } = 3;

    /// <summary>… and this absolute difference in click-through, so that huge logs do not report trivial moves.</summary>
    public double MinDifference { get; init; } = 0.01;

    /// <summary>Ranks with fewer impressions on either side are shown but never warn.</summary>
    public long MinImpressions { get; init; } = 50;
}
