namespace LabelStudio.Data.Consensus;

/// <summary>The verdict on one control of a task (stored in <see cref="TaskOutcome.DetailsJson"/>).</summary>
public sealed record ControlOutcome(string Control, ConsensusKind Kind, TaskOutcomeState State, string Method,
    double? Agreement, double? Posterior, double Priority, IReadOnlyList<string> Reasons, int Ratings);
