using LabelStudio.Quality;

namespace LabelStudio.Data.Quality;

/// <summary>What the quality page and <c>GET /api/projects/{id}/quality</c> show.</summary>
/// <param name="Snapshot">The latest recompute, or null before the first one.</param>
/// <param name="MaxRatingsPerTask">Most rater answers on any task: below 2 there is nothing to agree on yet.</param>
public sealed record QualityReport(long ProjectId, string ProjectName, int ConfigVersion, ConflictSettings Conflicts,
    OutcomeCounts Outcomes, int MaxRatingsPerTask, QualitySnapshotView? Snapshot, RecomputeStatus Recompute)
{
    public bool HasAgreementData => MaxRatingsPerTask >= 2;
}

public sealed record OutcomeCounts(int Tasks, int Complete, int Agreed, int Conflict, int Resolved, int Invalid);

/// <param name="Model">The Dawid–Skene model of the primary control (each rater's confusion matrix), when it is a single choice.</param>
public sealed record QualitySnapshotView(long Id, DateTime ComputedAt, int ConfigVersion, long DurationMs, int RatingCount,
    QualityMeasures Measures, IReadOnlyList<RaterRow> Raters, IReadOnlyDictionary<string, string> RaterNames,
    StoredDawidSkeneModel? Model = null);

/// <summary>A rater's reliability with the name to show.</summary>
public sealed record RaterRow(string UserId, string Name, string Email, RaterQuality Quality);

/// <param name="GoldChoices">When the configuration has a single scorable control and it is a single choice: that
/// control (name, to-name and options), so a lead can set any option as gold; otherwise null.</param>
public sealed record ConflictPage(int Total, int Page, int PageSize, IReadOnlyList<ConflictView> Items, GoldChoiceControl? GoldChoices = null);

public sealed record GoldChoiceControl(string Name, string ToName, IReadOnlyList<string> Choices);

/// <param name="Text">The task's first text field, for display.</param>
/// <param name="Consensus">A short rendering of the consensus candidate (e.g. "Positive", "PER: Ada Lovelace").</param>
/// <param name="Answers">Each rater's answer; only leads and administrators can call the conflicts list at all.</param>
/// <param name="GoldResultJson">The task's current gold answer (Label Studio result), or null.</param>
/// <param name="Gold">A short rendering of the gold answer ("" without gold).</param>
/// <param name="Name">How people call the task (external key or file and position; see <see cref="Review.TaskNames"/>).</param>
/// <param name="NoMajority">Some control has no consensus candidate (the raters tied).</param>
/// <param name="SpanTie">The raters split on a span: the consensus is no answer to adopt as gold (see <see cref="ControlOutcome.SpanTie"/>).</param>
public sealed record ConflictView(long TaskId, string DataJson, string? Text, double Priority, IReadOnlyList<string> Reasons,
    double? AgreementScore, double? Posterior, string Method, string? ConsensusResultJson, string Consensus,
    IReadOnlyList<RaterAnswerView> Answers, DateTime ComputedAt, string? GoldResultJson = null, string Gold = "", string Name = "",
    long? ImportBatchId = null, bool NoMajority = false, bool SpanTie = false);

public sealed record RaterAnswerView(string UserId, string Name, string ResultJson, string Summary, long AnnotationId = 0);

/// <param name="State">Open, Agreed, Conflict, Resolved or Invalid (see <see cref="Review.TaskFinalLabel.State"/>).</param>
/// <param name="Final">The final label per control with its origin.</param>
public sealed record OutcomeView(long TaskId, long ProjectId, TaskOutcomeState State, string? ConsensusResultJson, string Method,
    double? AgreementScore, double? Posterior, double Priority, IReadOnlyList<string> Reasons, int RatingCount, DateTime? ComputedAt,
    long? ModelVersion, IReadOnlyList<ControlOutcome> Controls, Review.TaskFinalLabel? Final = null);
