using LabelStudio.Feedback.Calibration;

namespace LabelStudio.Feedback.Batch;

/// <summary>Examination and counts of a pair at one rank.</summary>
public sealed record RankEvidence(int Rank, int Impressions, int Clicks, int SatClicks, double Theta);

/// <summary>Everything behind one pair's label: counts, model scores, examination at the ranks it was seen, decision.</summary>
public sealed record PairEvidence
{
    /// <summary>Query id.</summary>
    public required string QueryId { get; init; }

    /// <summary>Doc id.</summary>
    public required string DocId { get; init; }

    /// <summary>Times shown.</summary>
    public int Impressions { get; init; }

    /// <summary>Distinct clicks.</summary>
    public int Clicks { get; init; }

    /// <summary>Satisfied clicks.</summary>
    public int SatClicks { get; init; }

    /// <summary>Best 1-based rank shown at.</summary>
    public int BestRank { get; init; }

    /// <summary>Distinct users who clicked.</summary>
    public int DistinctClickers { get; init; }

    /// <summary>Share of clicks from the most active clicker.</summary>
    public double TopClickerShare { get; init; }

    /// <summary>Σ_k n_k θ_k.</summary>
    public double EffectiveImpressions { get; init; }

    /// <summary>Smoothed CTR.</summary>
    public double Ctr { get; init; }

    /// <summary>Smoothed SAT-CTR.</summary>
    public double SatCtr { get; init; }

    /// <summary>PBM attractiveness.</summary>
    public double PbmAlpha { get; init; }

    /// <summary>PBM attractiveness posterior sd.</summary>
    public double PbmAlphaSd { get; init; }

    /// <summary>SDBN attractiveness.</summary>
    public double SdbnAttractiveness { get; init; }

    /// <summary>SDBN satisfaction.</summary>
    public double SdbnSatisfaction { get; init; }

    /// <summary>SDBN relevance.</summary>
    public double Sdbn { get; init; }

    /// <summary>Combined score (TSV <c>score</c>).</summary>
    public double Score { get; init; }

    /// <summary>P(relevant).</summary>
    public double PRel { get; init; }

    /// <summary>1, 0 or −1.</summary>
    public int Label { get; init; }

    /// <summary>Abstention reason.</summary>
    public AbstainReason Reason { get; init; }

    /// <summary>Whether the spam rule flagged the pair.</summary>
    public bool SpamSuspected { get; init; }

    /// <summary>Per-rank counts with θ at that rank.</summary>
    public IReadOnlyList<RankEvidence> Ranks { get; init; } = [];
}
