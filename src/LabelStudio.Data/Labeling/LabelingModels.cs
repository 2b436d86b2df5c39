using LabelStudio.Core.Results;

namespace LabelStudio.Data.Labeling;

/// <summary>A task handed to a rater, with what the labeling screen needs to render it.</summary>
/// <param name="Draft">The rater's unfinished answer on this task, if they saved one.</param>
/// <param name="Suggestion">A model's pre-annotation (the task's best imported prediction) to start from when there is no
/// draft; its regions carry <c>origin: "prediction"</c>. Null when the task has none.</param>
public sealed record TaskAssignment(long TaskId, long ProjectId, string DataJson, string LabelConfigXml,
    int ConfigVersion, DateTime ReservedUntil, bool AllowSkip, LabelingProgress Progress, DraftView? Draft = null,
    IReadOnlyList<ResultItem>? Suggestion = null);

/// <param name="Remaining">Tasks this rater can still be given: open, not answered or skipped by them, and not held in
/// full by other raters' live reservations. Zero exactly when the next request would find nothing.</param>
public sealed record LabelingProgress(int DoneToday, int Remaining, int DoneTotal);

/// <param name="NoEntities">Labels controls answered with "no entities" (nothing to mark in the text).</param>
public sealed record SubmitRequest(IReadOnlyList<ResultItem> Result, double LeadTimeSeconds, string? IdempotencyKey,
    IReadOnlyList<string>? NoEntities = null);

/// <param name="Duplicate">True when this submit repeated an earlier one; no second annotation was stored.</param>
public sealed record SubmitResult(long AnnotationId, bool Duplicate, bool TaskComplete);

/// <summary>A rater's own annotation as the API returns it.</summary>
/// <param name="Revision">0 for the first answer, then 1, 2, … for revisions.</param>
/// <param name="SupersededById">The later revision that replaced this one, or null when it is the current answer.</param>
public sealed record AnnotationView(long Id, long TaskId, string? UserId, string Source, string ResultJson,
    int ConfigVersion, double LeadTimeSeconds, DateTime CreatedAt, bool WasSkipped, int Revision = 0, long? SupersedesId = null,
    long? SupersededById = null, IReadOnlyList<string>? NoEntities = null);
