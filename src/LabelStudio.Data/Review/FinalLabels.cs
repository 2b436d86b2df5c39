using LabelStudio.Core.Results;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;

namespace LabelStudio.Data.Review;

/// <summary>
/// The one place that derives final labels: per control, a lead's resolution, else a gold answer, else an agreed
/// consensus, else a click-feedback auto-label (relevance projects), else none. Pure: the same inputs always give the same labels, and nothing is stored, so when an input
/// changes (a new resolution, gold, a recompute) the derivation follows without rewriting anything.
/// </summary>
public static class FinalLabels
{
    /// <summary>The sources in order of precedence.</summary>
    public static IReadOnlyList<IFinalLabelSource> Sources { get; } =
        [new ResolutionLabelSource(), new GoldLabelSource(), new ConsensusLabelSource(), new ClickFeedbackLabelSource()];

    public static TaskFinalLabel Derive(FinalLabelInputs inputs, IReadOnlyList<IFinalLabelSource>? sources = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        sources ??= Sources;
        var labels = new List<FinalLabel>(inputs.Controls.Count);
        for (var c = 0; c < inputs.Controls.Count; c++)
        {
            var control = inputs.Controls[c];
            FinalLabel? label = null;
            for (var s = 0; s < sources.Count; s++)
            {
                var source = sources[s];
                label = source.Derive(control, inputs);
                if (label is not null) break;
            }
            labels.Add(label ?? None(control, inputs, NoneReason(control, inputs), null));
        }
        return new TaskFinalLabel(inputs.TaskId, StateOf(inputs), labels);
    }

    /// <summary>The task's state: a lead's latest decision, else the scored outcome, else Open.</summary>
    public static TaskOutcomeState StateOf(FinalLabelInputs inputs) => inputs.Resolution?.Decision switch
    {
        ResolutionDecision.Invalid => TaskOutcomeState.Invalid,
        ResolutionDecision.Accept or ResolutionDecision.Edit => TaskOutcomeState.Resolved,
        _ => inputs.Outcome?.State is { } state and not (TaskOutcomeState.Resolved or TaskOutcomeState.Invalid) ? state : TaskOutcomeState.Open,
    };

    // Both run per control of every task of a dataset version: plain loops, no closure or iterator per call.
    internal static ControlOutcome? OutcomeOf(string control, FinalLabelInputs inputs)
    {
        if (inputs.Outcome?.Controls is not { } controls) return null;
        for (var i = 0; i < controls.Count; i++)
        {
            if (controls[i].Control == control) return controls[i];
        }
        return null;
    }

    /// <summary>The control's regions of a result: the result itself when they all are (results are never changed).</summary>
    internal static IReadOnlyList<ResultItem> ItemsOf(string control, IReadOnlyList<ResultItem> result)
    {
        var mine = 0;
        for (var i = 0; i < result.Count; i++)
        {
            if (result[i].FromName == control) mine++;
        }
        if (mine == result.Count) return result;
        var items = new ResultItem[mine];
        for (int i = 0, at = 0; i < result.Count; i++)
        {
            if (result[i].FromName == control) items[at++] = result[i];
        }
        return items;
    }

    internal static FinalLabel Label(string control, FinalLabelInputs inputs, FinalLabelOrigin origin, IReadOnlyList<ResultItem> result,
        string method, IReadOnlyList<long> annotationIds, long? resolutionId, long? goldId)
    {
        var outcome = OutcomeOf(control, inputs);
        return new FinalLabel(control, origin, result, method, outcome?.Agreement, outcome?.Posterior, outcome?.Ratings ?? 0,
            annotationIds, resolutionId, goldId);
    }

    internal static FinalLabel None(string control, FinalLabelInputs inputs, string reason, long? resolutionId) =>
        Label(control, inputs, FinalLabelOrigin.None, [], "none", [], resolutionId, null) with { Reason = reason };

    private static string NoneReason(string control, FinalLabelInputs inputs)
    {
        var outcome = OutcomeOf(control, inputs);
        return inputs.Outcome?.State switch
        {
            null or TaskOutcomeState.Open => inputs.Resolution?.Decision == ResolutionDecision.MoreRatings ? "awaiting-ratings" : "open",
            _ when outcome?.NoMajority == true => "no-majority",
            _ when outcome?.State == TaskOutcomeState.Conflict => "conflict",
            TaskOutcomeState.Conflict => "conflict",
            _ => "unrated",
        };
    }
}
