namespace LabelStudio.Consensus;

/// <summary>What the raters made of one span (a distinct start, end and label that at least one rater marked).</summary>
public enum SpanStatus
{
    /// <summary>Every rater marked exactly this span with this label.</summary>
    Unanimous,

    /// <summary>More than half of the raters marked these exact bounds and the label won its vote.</summary>
    Majority,

    /// <summary>Marked by too few raters (or outvoted on its label or its bounds); not part of the consensus.</summary>
    Minority,

    /// <summary>The raters who marked these bounds split on the label (single labels: two labels share the top count).</summary>
    LabelTie,

    /// <summary>Exactly half of the raters marked it and the other half marked nothing there.</summary>
    PresenceTie,

    /// <summary>Enough raters marked an entity here, but no bounds won a majority: they disagree where it starts or ends.</summary>
    Boundary,
}
