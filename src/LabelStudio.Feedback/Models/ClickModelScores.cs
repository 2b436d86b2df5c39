using LabelStudio.Feedback.Ingest;

namespace LabelStudio.Feedback.Models;

/// <summary>
/// Per-pair scores of every model: smoothed CTR, SAT-CTR, PBM attractiveness, SDBN (attractiveness × satisfaction)
/// and <see cref="Combined"/>, the mean percentile rank of PBM, SDBN and SAT-CTR (seed-free, so stable across seeds;
/// raw CTR is left out because it carries the position bias).
/// </summary>
public sealed class ClickModelScores
{
    internal double[] CtrArray = [];
    internal double[] SatCtrArray = [];
    internal double[] SdbnAttractivenessArray = [];
    internal double[] SdbnSatisfactionArray = [];
    internal double[] SdbnArray = [];
    internal double[] CombinedArray = [];

    /// <summary>The fitted position-based model.</summary>
    public required PbmFit Pbm { get; init; }

    /// <summary>Number of pairs.</summary>
    public int PairCount => CtrArray.Length;

    /// <summary>Smoothed CTR per pair.</summary>
    public IReadOnlyList<double> Ctr => CtrArray;

    /// <summary>Smoothed satisfied-click rate per pair.</summary>
    public IReadOnlyList<double> SatCtr => SatCtrArray;

    /// <summary>PBM attractiveness per pair (θ_1 = 1 scale).</summary>
    public IReadOnlyList<double> PbmAlpha => Pbm.Alpha;

    /// <summary>SDBN attractiveness a_u per pair.</summary>
    public IReadOnlyList<double> SdbnAttractiveness => SdbnAttractivenessArray;

    /// <summary>SDBN satisfaction s_u per pair.</summary>
    public IReadOnlyList<double> SdbnSatisfaction => SdbnSatisfactionArray;

    /// <summary>SDBN relevance a_u · s_u per pair.</summary>
    public IReadOnlyList<double> Sdbn => SdbnArray;

    /// <summary>Combined score per pair in [0, 1].</summary>
    public IReadOnlyList<double> Combined => CombinedArray;
}
