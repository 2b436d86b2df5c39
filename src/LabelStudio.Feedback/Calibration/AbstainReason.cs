namespace LabelStudio.Feedback.Calibration;

/// <summary>Why a pair was not auto-labelled (checked in this order).</summary>
public enum AbstainReason
{
    /// <summary>Not abstained.</summary>
    None = 0,

    /// <summary>Clicks come from suspiciously few users.</summary>
    SpamSuspected,

    /// <summary>Fewer impressions than the minimum.</summary>
    TooFewImpressions,

    /// <summary>Never shown above the low-rank cutoff, where examination is rare.</summary>
    OnlyLowRanks,

    /// <summary>Would be labelled relevant, but few of its clicks were satisfied (clickbait pattern).</summary>
    ClicksDwellDisagree,

    /// <summary>Calibrated confidence below the threshold that reaches the target precision.</summary>
    UncertainScore,
}
