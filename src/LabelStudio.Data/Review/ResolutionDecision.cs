using System.Text.Json.Serialization;

namespace LabelStudio.Data.Review;

/// <summary>What a lead decided about a task.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ResolutionDecision>))]
public enum ResolutionDecision
{
    /// <summary>One rater's answer is the final answer.</summary>
    Accept = 0,
    /// <summary>The lead's own answer is the final answer.</summary>
    Edit = 1,
    /// <summary>The task goes back to raters for more ratings.</summary>
    MoreRatings = 2,
    /// <summary>The task cannot be labeled (broken data, out of scope): no final label, excluded from datasets.</summary>
    Invalid = 3,
}
