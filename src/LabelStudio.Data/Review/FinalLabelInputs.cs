using LabelStudio.Core.Results;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;

namespace LabelStudio.Data.Review;

/// <summary>Everything the final label of a task is derived from (read by <see cref="FinalLabelService"/>).</summary>
/// <param name="Controls">The names of the configuration's controls, in config order.</param>
/// <param name="Outcome">The scored outcome, or null while the task has none.</param>
/// <param name="Resolution">The task's latest resolution, or null.</param>
/// <param name="Gold">The task's current gold answer, or null.</param>
/// <param name="AnnotationIds">The task's rater annotations (not skips).</param>
/// <param name="Click">The task's current click-feedback decision (relevance projects), or null.</param>
public sealed record FinalLabelInputs(long TaskId, IReadOnlyList<string> Controls, OutcomeFact? Outcome, ResolutionFact? Resolution,
    GoldFact? Gold, IReadOnlyList<long> AnnotationIds, ClickFact? Click = null);

public sealed record OutcomeFact(TaskOutcomeState State, IReadOnlyList<ResultItem> Consensus, IReadOnlyList<ControlOutcome> Controls,
    string Method);

public sealed record ResolutionFact(long Id, ResolutionDecision Decision, IReadOnlyList<ResultItem>? Result, long? AcceptedAnnotationId,
    IReadOnlyList<long> BasedOn);

public sealed record GoldFact(long Id, IReadOnlyList<ResultItem> Result, GoldSource Source);

/// <summary>A click-feedback auto-label of a task's pair, as the choice of the primary control it stands for.</summary>
public sealed record ClickFact(long LabelId, string Control, IReadOnlyList<ResultItem> Result, string Model, double? PRelevant);
