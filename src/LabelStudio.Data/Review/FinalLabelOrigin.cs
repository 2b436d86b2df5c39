using System.Text.Json.Serialization;

namespace LabelStudio.Data.Review;

/// <summary>Where a final label comes from, strongest first. A new origin (e.g. a click-feedback auto-label) is one more
/// <see cref="IFinalLabelSource"/> in <see cref="FinalLabels.Sources"/> before the fall-back to <see cref="None"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FinalLabelOrigin>))]
public enum FinalLabelOrigin
{
    /// <summary>No final label: open, unresolved conflict, no majority, or invalid (see <see cref="FinalLabel.Reason"/>).</summary>
    None = 0,
    /// <summary>A lead's resolution (accepted rater answer or the lead's own).</summary>
    Resolution = 1,
    /// <summary>The task's gold answer.</summary>
    Gold = 2,
    /// <summary>The raters' agreed consensus.</summary>
    Consensus = 3,
    /// <summary>The click-feedback auto-label of the task's (query, doc) pair (relevance projects).</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("click-feedback")]
    ClickFeedback = 4,
}
