namespace LabelStudio.Quality;

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
