namespace LabelStudio.Data.Review;

/// <summary>
/// One origin of final labels. Sources are asked in order; the first that returns a label wins (a label with origin
/// None also stops the search: an invalid task must not fall back to its gold or consensus).
/// </summary>
public interface IFinalLabelSource
{
    FinalLabel? Derive(string control, FinalLabelInputs inputs);
}
