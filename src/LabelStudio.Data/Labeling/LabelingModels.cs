using LabelStudio.Core.Results;

namespace LabelStudio.Data.Labeling;

/// <summary>A task handed to a rater, with what the labeling screen needs to render it.</summary>
public sealed record TaskAssignment(long TaskId, long ProjectId, string DataJson, string LabelConfigXml,
    int ConfigVersion, DateTime ReservedUntil, bool AllowSkip, LabelingProgress Progress);

public sealed record LabelingProgress(int DoneToday, int Remaining, int DoneTotal);

public sealed record SubmitRequest(IReadOnlyList<ResultItem> Result, double LeadTimeSeconds, string? IdempotencyKey);

/// <param name="Duplicate">True when this submit repeated an earlier one; no second annotation was stored.</param>
public sealed record SubmitResult(long AnnotationId, bool Duplicate, bool TaskComplete);

/// <summary>A rater's own annotation as the API returns it.</summary>
public sealed record AnnotationView(long Id, long TaskId, string? UserId, string Source, string ResultJson,
    int ConfigVersion, double LeadTimeSeconds, DateTime CreatedAt, bool WasSkipped);
