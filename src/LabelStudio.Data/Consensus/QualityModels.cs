namespace LabelStudio.Data.Consensus;

/// <summary>Project-level measures of one recompute (stored as <see cref="QualitySnapshot.MeasuresJson"/>).</summary>
/// <param name="Controls">One entry per scorable control; the first is the primary control.</param>
/// <param name="Pairs">Pairwise agreement of the raters on the primary control (kappa for choices and ratings).</param>
/// <param name="GoldTasks">Tasks with a gold answer when the measures were computed.</param>
/// <param name="Trend">The primary control's agreement per day (tasks counted on the day of their last rating), oldest first.</param>
/// <param name="AgreementHistogram">Items of the primary control by per-item agreement, in ten bins [0, 0.1) … [0.9, 1].</param>
public sealed record QualityMeasures(int Ratings, int Items, int Raters, IReadOnlyList<ControlMeasures> Controls,
    IReadOnlyList<PairQuality> Pairs, DawidSkeneSummary? DawidSkene, int GoldTasks = 0, IReadOnlyList<DailyAgreement>? Trend = null,
    IReadOnlyList<int>? AgreementHistogram = null)
{
    public ControlMeasures? Primary => Controls.Count > 0 ? Controls[0] : null;
}

/// <summary>
/// Measures of one control. Alpha is nominal for single choice, ordinal for ratings (values 1..max), MASI-distance for
/// multiple choice, token-level nominal (with an "outside" category) for spans; text has none. Fleiss, AC1 and the
/// pairwise kappas exist for single choice and ratings (quadratic weights for ratings). MeanPairwiseAgreement is the
/// mean over items with two or more ratings of the per-item agreement the conflict rule uses.
/// </summary>
public sealed record ControlMeasures(string Control, ConsensusKind Kind, string Level, int Ratings, int Items, int PairableItems,
    double? Alpha, double? AlphaLower, double? AlphaUpper, double? FleissKappa, double? Ac1, double? PercentAgreement,
    double? MeanPairwiseKappa, double? MeanPairwiseAgreement, double? ExactF1 = null, double? OverlapF1 = null,
    IReadOnlyList<ChoiceMeasure>? PerChoice = null, IReadOnlyList<LabelCount>? Labels = null);

/// <summary>How often raters gave a label (single choice, rating, each choice of a multiple choice, each span label).</summary>
public sealed record LabelCount(string Label, int Count);

/// <summary>Agreement of the tasks whose last rating fell on one day (alpha, kappa and AC1 for choices and ratings).</summary>
public sealed record DailyAgreement(DateOnly Day, int Items, int Ratings, double? Alpha, double? AlphaLower, double? AlphaUpper,
    double? FleissKappa, double? Ac1, double? MeanAgreement);

public sealed record ChoiceMeasure(string Choice, double? Alpha, double? PercentAgreement, int Selected);

/// <summary>Reliability of one rater on the primary control.</summary>
/// <param name="MeanAgreement">Mean per-item agreement with every other rater of the same items (all kinds).</param>
/// <param name="GoldAccuracy">Share of the rater's answers on gold tasks that equal the gold answer (single choice and
/// rating, from the engine); null without gold ratings or for the other kinds.</param>
/// <param name="GoldRatings">The rater's answers on tasks with a gold answer.</param>
public sealed record RaterQuality(string UserId, int Ratings, double? LeaveOneOutAgreement, double? DawidSkeneAccuracy,
    double? MeanPairwiseKappa, double? SpammerScore, bool IsSpammer, double? MeanAgreement, double? GoldAccuracy = null,
    int GoldRatings = 0);

public sealed record PairQuality(string RaterA, string RaterB, int Overlap, double? Kappa, double? Agreement);

public sealed record DawidSkeneSummary(int Iterations, bool Converged, double? LogLikelihood, IReadOnlyDictionary<string, double> Priors);
