using LabelStudio.Core.Results;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;

namespace LabelStudio.Data.Review;

/// <summary>A lead's decision as the API and the review page send it.</summary>
/// <param name="AnnotationId">Accept: the rater annotation whose answer becomes final.</param>
/// <param name="Result">Edit: the lead's own answer (validated against the labeling configuration).</param>
/// <param name="Extra">MoreRatings: how many more ratings (default 1).</param>
/// <param name="SaveAsGold">Accept and Edit: also record the final answer as the task's gold answer.</param>
public sealed record ResolutionRequest(ResolutionDecision Decision, long? AnnotationId = null, IReadOnlyList<ResultItem>? Result = null,
    int? Extra = null, string? Comment = null, bool SaveAsGold = false);

public sealed record ResolutionView(long Id, long TaskId, ResolutionDecision Decision, string DecidedById, string DecidedBy,
    string? ResultJson, long? AcceptedAnnotationId, int? ExtraRatings, string? Comment, IReadOnlyList<long> BasedOnAnnotationIds,
    long? GoldAnswerId, DateTime CreatedAt);

/// <summary>The resolution stored, and where the task stands after it.</summary>
public sealed record ResolveResult(ResolutionView Resolution, TaskOutcomeState State, TaskFinalLabel Final);
