namespace LabelStudio.Feedback.Evaluation;

/// <summary>
/// Team-draft interleaving outcomes of one pair of rankers (<see cref="RankerA"/> &lt; <see cref="RankerB"/> ordinally):
/// an impression is won by the ranker whose contributed results got more clicks; equal non-zero credit is a tie;
/// impressions without a credited click decide nothing.
/// </summary>
public sealed record InterleavingCount(string RankerA, string RankerB, long WinsA, long WinsB, long Ties, long NoClicks)
{
    public long Impressions => WinsA + WinsB + Ties + NoClicks;

    public InterleavingCount Add(InterleavingCount o) => this with
    {
        WinsA = WinsA + o.WinsA, WinsB = WinsB + o.WinsB, Ties = Ties + o.Ties, NoClicks = NoClicks + o.NoClicks,
    };

    /// <summary>The same outcomes with the rankers in ordinal order (A first).</summary>
    public InterleavingCount Canonical() => string.CompareOrdinal(RankerA, RankerB) <= 0
        ? this
        : new InterleavingCount(RankerB, RankerA, WinsB, WinsA, Ties, NoClicks);
}
