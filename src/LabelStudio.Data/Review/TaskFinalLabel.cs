using LabelStudio.Core.Results;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;

namespace LabelStudio.Data.Review;

/// <summary>A task's final label, control by control, and the state it follows from.</summary>
/// <param name="State">Open, Agreed, Conflict, Resolved or Invalid: a lead's latest resolution decides Resolved and
/// Invalid; otherwise the scored outcome (Open before all ratings are in).</param>
public sealed record TaskFinalLabel(long TaskId, TaskOutcomeState State, IReadOnlyList<FinalLabel> Controls)
{
    /// <summary>Every control's regions, as one Label Studio result.</summary>
    public IReadOnlyList<ResultItem> Result => [.. Controls.SelectMany(c => c.Result)];

    /// <summary>True when at least one control has a final label.</summary>
    public bool HasLabel => Origin != FinalLabelOrigin.None;

    /// <summary>The origin of the first labeled control (the primary one when labeled), else None.</summary>
    public FinalLabelOrigin Origin
    {
        get
        {
            // Asked several times per task of a dataset version: a loop, not an enumerator per call.
            for (var i = 0; i < Controls.Count; i++)
            {
                if (Controls[i].Origin != FinalLabelOrigin.None) return Controls[i].Origin;
            }
            return FinalLabelOrigin.None;
        }
    }
}
