using LabelStudio.Core.Results;

namespace LabelStudio.Quality;

/// <summary>The verdict on a task, before it is stored as a task outcome.</summary>
public sealed record TaskConsensusResult(TaskOutcomeState State, IReadOnlyList<ResultItem> Consensus, string Method,
    double? Agreement, double? Posterior, double Priority, IReadOnlyList<string> Reasons, int RatingCount,
    IReadOnlyList<ControlOutcome> Controls, long? ModelVersion);
