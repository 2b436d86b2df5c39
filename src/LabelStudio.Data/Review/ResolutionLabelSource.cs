namespace LabelStudio.Data.Review;

/// <summary>A lead's latest Accept or Edit labels every control; Invalid leaves every control without a label.</summary>
public sealed class ResolutionLabelSource : IFinalLabelSource
{
    public FinalLabel? Derive(string control, FinalLabelInputs inputs)
    {
        var r = inputs.Resolution;
        return r?.Decision switch
        {
            ResolutionDecision.Invalid => FinalLabels.None(control, inputs, "invalid", r.Id),
            ResolutionDecision.Accept or ResolutionDecision.Edit when r.Result is not null => FinalLabels.Label(control, inputs,
                FinalLabelOrigin.Resolution, FinalLabels.ItemsOf(control, r.Result),
                r.Decision == ResolutionDecision.Accept ? "resolution:accept" : "resolution:edit",
                r.AcceptedAnnotationId is { } accepted ? [accepted] : r.BasedOn, r.Id, null),
            _ => null,
        };
    }
}
