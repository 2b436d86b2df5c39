using LabelStudio.Core.Results;

namespace LabelStudio.Quality;

/// <summary>One rater's parsed answer on a task.</summary>
public sealed record RaterAnswer(string UserId, IReadOnlyList<ResultItem> Result);
