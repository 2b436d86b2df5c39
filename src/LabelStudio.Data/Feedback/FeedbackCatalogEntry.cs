namespace LabelStudio.Data.Feedback;

/// <summary>
/// The text of one query or document of a project's click logs, so that a rater judging a pair sees the query, the
/// document's title, a snippet and its link instead of ids. One row per (project, kind, id): a later upload replaces it.
/// </summary>
public sealed class FeedbackCatalogEntry
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    /// <summary><c>query</c> or <c>doc</c>.</summary>
    public string Kind { get; set; } = "";
    public string ItemId { get; set; } = "";
    public string Text { get; set; } = "";
    public string? Title { get; set; }
    public string? Url { get; set; }
    public DateTime UpdatedAt { get; set; }
}
