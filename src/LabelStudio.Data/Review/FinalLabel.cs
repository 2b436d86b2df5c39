using LabelStudio.Core.Results;

namespace LabelStudio.Data.Review;

/// <summary>
/// The final label of one control of a task and how it was found.
/// </summary>
/// <param name="Result">The control's regions (empty when the origin is None, or when the lead's answer left it blank).</param>
/// <param name="Method">How: "resolution:accept", "resolution:edit", "gold:import|manual|resolution", or the consensus
/// method (dawid-skene, majority, median, token-vote, medoid).</param>
/// <param name="Agreement">The raters' agreement on the control (majority share or mean pairwise agreement).</param>
/// <param name="Posterior">The Dawid–Skene posterior of the consensus answer, when there is one.</param>
/// <param name="Ratings">Rater answers on the control.</param>
/// <param name="AnnotationIds">The annotations the label came from: the accepted one, the ones a lead saw, or all ratings.</param>
/// <param name="Reason">Why there is no label (Origin None): open, awaiting-ratings, conflict, no-majority, invalid.</param>
public sealed record FinalLabel(string Control, FinalLabelOrigin Origin, IReadOnlyList<ResultItem> Result, string Method,
    double? Agreement, double? Posterior, int Ratings, IReadOnlyList<long> AnnotationIds, long? ResolutionId, long? GoldAnswerId,
    string? Reason = null);
