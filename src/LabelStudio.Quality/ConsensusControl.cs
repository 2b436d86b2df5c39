using LabelStudio.Consensus;
using LabelStudio.Core.LabelingConfig;

namespace LabelStudio.Quality;

/// <summary>
/// A control of the labeling configuration as the consensus engine sees it. <see cref="Categories"/> are the declared
/// choices or labels in config order (for a rating, "1".."max"); <see cref="TextField"/> is the data field a Labels
/// control marks spans on.
/// </summary>
public sealed record ConsensusControl(ControlTag Control, ConsensusKind Kind, IReadOnlyList<string> Categories, string? TextField)
{
    public string Name => Control.Name;

    /// <summary>Labels with <c>choice="multiple"</c> let a region carry several labels.</summary>
    public SpanLabelMode LabelMode => Control is LabelsControl { MultipleLabels: true } ? SpanLabelMode.Multiple : SpanLabelMode.Single;

    /// <summary>
    /// The controls the engine can score, in config order; the first one is the project's primary control (its
    /// measures head the quality page and its Dawid–Skene model is stored). Multiple choice with more than 64 options
    /// and Labels on anything but a Text object are left out.
    /// </summary>
    public static IReadOnlyList<ConsensusControl> From(LabelingConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var list = new List<ConsensusControl>();
        foreach (var control in config.Controls)
        {
            ConsensusControl? mapped = control switch
            {
                ChoicesControl { Mode: ChoiceMode.Multiple } c when c.Options.Count <= 64 =>
                    new(c, ConsensusKind.MultiChoice, c.Options.Select(o => o.Value).ToList(), null),
                ChoicesControl { Mode: not ChoiceMode.Multiple } c =>
                    new(c, ConsensusKind.Category, c.Options.Select(o => o.Value).ToList(), null),
                RatingControl r => new(r, ConsensusKind.Numeric,
                    Enumerable.Range(1, Math.Max(1, r.MaxRating)).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(), null),
                LabelsControl l when config.FindObject(l.ToName) is TextObject text =>
                    new(l, ConsensusKind.Spans, l.Labels.Select(o => o.Value).ToList(), text.DataField),
                TextAreaControl t => new(t, ConsensusKind.Text, [], null),
                _ => null,
            };
            if (mapped is not null) list.Add(mapped);
        }
        return list;
    }
}
