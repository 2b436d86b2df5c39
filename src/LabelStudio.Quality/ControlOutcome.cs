namespace LabelStudio.Quality;

/// <summary>The verdict on one control of a task (stored in a task outcome's details).</summary>
/// <param name="NoMajority">The raters tied and nothing breaks the tie with confidence: there is no consensus candidate
/// for this control (the consensus result has no region for it).</param>
public sealed record ControlOutcome(string Control, ConsensusKind Kind, TaskOutcomeState State, string Method,
    double? Agreement, double? Posterior, double Priority, IReadOnlyList<string> Reasons, int Ratings, bool NoMajority = false);
