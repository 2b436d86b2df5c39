using LabelStudio.Consensus;

namespace LabelStudio.Quality;

/// <summary>The verdict on one control of a task (stored in a task outcome's details).</summary>
/// <param name="NoMajority">The raters tied and nothing breaks the tie with confidence: there is no consensus candidate
/// for this control (the consensus result has no region for it).</param>
public sealed record ControlOutcome(string Control, ConsensusKind Kind, TaskOutcomeState State, string Method,
    double? Agreement, double? Posterior, double Priority, IReadOnlyList<string> Reasons, int Ratings, bool NoMajority = false)
{
    /// <summary>
    /// The raters split on some span (a label given by as many raters as another, or an entity marked by exactly half
    /// of them): the consensus keeps the other spans, but where they split it holds an arbitrary pick (the first label
    /// in config order) or nothing, so it is no answer to adopt as it stands.
    /// </summary>
    public bool SpanTie => Kind == ConsensusKind.Spans && Reasons.Contains(nameof(ConflictReasons.Tie));
}
