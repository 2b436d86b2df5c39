namespace LabelStudio.Data.Review;

/// <summary>
/// The last source: a task nobody has decided (no resolution, gold or agreed consensus for the control) takes its pair's
/// click-feedback auto-label, when the current generation decided it (relevant or not; abstentions give none).
/// </summary>
public sealed class ClickFeedbackLabelSource : IFinalLabelSource
{
    public FinalLabel? Derive(string control, FinalLabelInputs inputs)
    {
        if (inputs.Click is not { } click || click.Control != control) return null;
        // An invalid task or an open conflict is the humans' business: the clicks never paper over it.
        if (FinalLabels.StateOf(inputs) is LabelStudio.Quality.TaskOutcomeState.Invalid or LabelStudio.Quality.TaskOutcomeState.Conflict) return null;
        return FinalLabels.Label(control, inputs, FinalLabelOrigin.ClickFeedback, click.Result, "click-feedback:" + click.Model, [],
            null, null) with { Posterior = click.PRelevant };
    }
}
