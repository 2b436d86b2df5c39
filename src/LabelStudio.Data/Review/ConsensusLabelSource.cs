using LabelStudio.Data.Quality;
using LabelStudio.Quality;

namespace LabelStudio.Data.Review;

/// <summary>An agreed control (in an Agreed task, or an agreed control of a task in conflict) has its consensus.</summary>
public sealed class ConsensusLabelSource : IFinalLabelSource
{
    public FinalLabel? Derive(string control, FinalLabelInputs inputs)
    {
        if (inputs.Outcome is not { State: TaskOutcomeState.Agreed or TaskOutcomeState.Conflict } outcome) return null;
        var own = FinalLabels.OutcomeOf(control, inputs);
        if (own is not { State: TaskOutcomeState.Agreed, NoMajority: false }) return null;
        var items = FinalLabels.ItemsOf(control, outcome.Consensus);
        return items.Count == 0 ? null : FinalLabels.Label(control, inputs, FinalLabelOrigin.Consensus, items, own.Method,
            inputs.AnnotationIds, null, null);
    }
}
