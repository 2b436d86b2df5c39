namespace LabelStudio.Feedback.Evaluation;

/// <summary>Per-ranker evidence of one log (or of several, merged): per (ranker, query) aggregates and interleaving outcomes.</summary>
public sealed record RankerEvidence(IReadOnlyList<RankerQueryEvidence> Queries, IReadOnlyList<InterleavingCount> Interleaving)
{
    public static RankerEvidence Empty { get; } = new([], []);
}
