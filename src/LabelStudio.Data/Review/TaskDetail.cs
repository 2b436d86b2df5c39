using LabelStudio.Data.Quality;
using LabelStudio.Quality;

namespace LabelStudio.Data.Review;

/// <summary>
/// Everything a lead needs to decide about one task: the task as raters saw it, every answer, the candidates, the
/// evidence, the history and the lineage.
/// </summary>
/// <param name="Annotations">Every annotation (rater answers, skips, imported ones) in a stable order: rater name, then id.</param>
/// <param name="Majority">The plain majority (median, token vote, medoid for the other kinds) of the rater answers.</param>
/// <param name="DawidSkene">The answer of the project's Dawid–Skene model with its posterior; null without a fitting model.</param>
public sealed record TaskDetail(long TaskId, long ProjectId, string ProjectName, string Name, string DataJson, string LabelConfigXml,
    int ConfigVersion, int RequiredRatings, int CompletedCount, int AutoExtraRatings, TaskLineage Lineage, TaskFinalLabel Final,
    TaskOutcomeSummary? Outcome, IReadOnlyList<AnnotationDetail> Annotations, CandidateAnswer? Majority, CandidateAnswer? DawidSkene,
    IReadOnlyList<PredictionDetail> Predictions, ClickEvidence? Click, IReadOnlyList<ResolutionView> Resolutions,
    IReadOnlyList<GoldHistoryRow> Gold, IReadOnlyList<HistoryEvent> History);

public sealed record TaskLineage(long? BatchId, string? File, string? Sha256, DateTime? ImportedAt, string? ImportedBy, int SourceIndex,
    DateTime CreatedAt, string? ExternalKey, IReadOnlyList<int> AnnotationConfigVersions);

public sealed record TaskOutcomeSummary(TaskOutcomeState State, IReadOnlyList<string> Reasons, double Priority, double? Agreement,
    double? Posterior, string Method, IReadOnlyList<ControlOutcome> Controls, DateTime ComputedAt);

/// <param name="Reliability">The rater's Dawid–Skene accuracy on the project (else mean agreement), from the last recompute.</param>
/// <param name="Revision">0 for a first answer, 1, 2, … for the rater's revisions of it.</param>
/// <param name="Current">False when a later revision of the same rater replaced this answer.</param>
/// <param name="RaterKey">The rater the annotation counts for (<see cref="Quality.RaterKeys"/>): a rater's, or an imported
/// author's (<c>imported:{id}</c>); null for an imported annotation without an author, which counts for nothing.</param>
public sealed record AnnotationDetail(long Id, string? UserId, string Name, string Source, string ResultJson, string Summary,
    double? LeadTimeSeconds, DateTime CreatedAt, bool Skipped, int ConfigVersion, double? Reliability, int Revision = 0, bool Current = true,
    string? RaterKey = null)
{
    /// <summary>An imported author's annotation: it counts as theirs, and they are not an account.</summary>
    public bool ImportedRater => Quality.RaterKeys.IsImported(RaterKey);

    /// <summary>
    /// The time spent, when known: an imported annotation without Label Studio's <c>lead_time</c> has none (imported
    /// before the column was nullable, it holds 0, which says nothing about the time its author took either).
    /// </summary>
    public double? KnownLeadTimeSeconds => Source == nameof(Labeling.AnnotationSource.Imported) && LeadTimeSeconds == 0 ? null : LeadTimeSeconds;
}

public sealed record CandidateAnswer(string Method, string ResultJson, string Summary, double? Posterior, bool NoMajority);

public sealed record PredictionDetail(long Id, string? ModelVersion, double? Score, string ResultJson, string Summary, DateTime CreatedAt);

/// <param name="Decision">relevant, not relevant or abstained.</param>
public sealed record ClickEvidence(string QueryId, string DocId, string Model, double Score, double? PRelevant, string Decision,
    string? Reason, string EvidenceJson, DateTime CreatedAt);

public sealed record GoldHistoryRow(long Id, GoldSource Source, bool Retracted, string Summary, string? By, string? Comment, DateTime CreatedAt);

/// <param name="Kind">annotation, skip, import, resolution, gold, outcome.</param>
public sealed record HistoryEvent(DateTime At, string Kind, string Text, string? Comment);
