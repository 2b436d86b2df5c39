namespace LabelStudio.Quality;

/// <summary>Project-level measures of one recompute (stored as a snapshot).</summary>
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
