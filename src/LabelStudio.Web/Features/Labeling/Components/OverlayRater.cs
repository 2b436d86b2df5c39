using LabelStudio.Core.Results;

namespace LabelStudio.Web.Features.Labeling.Components;

/// <summary>One rater's answer on the overlay: a name to show and the Label Studio result.</summary>
public sealed record OverlayRater(string Name, IReadOnlyList<ResultItem> Result);
