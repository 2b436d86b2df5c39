using LabelStudio.Core.Results;

namespace LabelStudio.Data.Labeling;

/// <summary>What a rater saves while working: the result so far, the "no entities" answers, the time spent so far, and
/// (when revising a submitted answer) which annotation the draft revises.</summary>
public sealed record DraftRequest(IReadOnlyList<ResultItem> Result, IReadOnlyList<string>? NoEntities = null, long? RevisesId = null,
    double LeadTimeSeconds = 0);

public sealed record DraftView(long TaskId, IReadOnlyList<ResultItem> Result, IReadOnlyList<string> NoEntities, long? RevisesId,
    double LeadTimeSeconds, DateTime UpdatedAt);
