namespace LabelStudio.Data.Review;

/// <summary>The current gold answer labels the controls it answers.</summary>
public sealed class GoldLabelSource : IFinalLabelSource
{
    public FinalLabel? Derive(string control, FinalLabelInputs inputs)
    {
        if (inputs.Gold is not { } gold) return null;
        var items = FinalLabels.ItemsOf(control, gold.Result);
        return items.Count == 0 ? null : FinalLabels.Label(control, inputs, FinalLabelOrigin.Gold, items,
            "gold:" + gold.Source.ToString().ToLowerInvariant(), [], null, gold.Id);
    }
}
