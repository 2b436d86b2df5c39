namespace LabelStudio.Feedback.Evaluation;

/// <summary>
/// Interleaving outcomes of a pair of rankers with the exact two-sided sign-test p-value of wins against losses (ties and
/// impressions without credited clicks left out) and B's preference: (wins of B + ties / 2) / decided impressions − ½.
/// </summary>
public sealed record InterleavingResult(string RankerA, string RankerB, long WinsA, long WinsB, long Ties, long NoClicks,
    double PValue, double PreferenceB)
{
    /// <summary>The winner when p &lt; 0.05, else null.</summary>
    public string? Winner => PValue < 0.05 && WinsA != WinsB ? (WinsB > WinsA ? RankerB : RankerA) : null;
}
