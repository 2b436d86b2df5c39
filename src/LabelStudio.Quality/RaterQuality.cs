namespace LabelStudio.Quality;

/// <summary>Reliability of one rater on the primary control.</summary>
/// <param name="MeanAgreement">Mean per-item agreement with every other rater of the same items (all kinds).</param>
/// <param name="GoldAccuracy">Share of the rater's answers on gold tasks that equal the gold answer (single choice and
/// rating, from the engine); null without gold ratings or for the other kinds.</param>
/// <param name="GoldRatings">The rater's answers on tasks with a gold answer.</param>
public sealed record RaterQuality(string UserId, int Ratings, double? LeaveOneOutAgreement, double? DawidSkeneAccuracy,
    double? MeanPairwiseKappa, double? SpammerScore, bool IsSpammer, double? MeanAgreement, double? GoldAccuracy = null,
    int GoldRatings = 0);
