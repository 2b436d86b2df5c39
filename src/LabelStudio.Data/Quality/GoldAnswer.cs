using System.Text.Json.Serialization;

namespace LabelStudio.Data.Quality;

/// <summary>Where a gold answer came from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GoldSource>))]
public enum GoldSource
{
    /// <summary>A Label Studio annotation imported with <c>"ground_truth": true</c>.</summary>
    Import = 0,
    /// <summary>Set by an admin or a project lead (REST API or the quality page).</summary>
    Manual = 1,
    /// <summary>A lead's resolution of a conflict, promoted to gold (a later issue).</summary>
    Resolution = 2,
}

/// <summary>
/// A known-true answer for a task. Append-only: the latest row of a task (highest <see cref="Id"/>) is the task's gold
/// answer. Retracting gold appends a row with <see cref="IsRetracted"/> set (and an empty result), so the history stays
/// readable: a task whose latest row is retracted has no gold. Raters never see these rows.
/// </summary>
public sealed class GoldAnswer
{
    public long Id { get; set; }
    public long TaskId { get; set; }
    /// <summary>A copy of the task's project (indexed, no FK: the task cascade removes the row).</summary>
    public long ProjectId { get; set; }
    /// <summary>The gold answer as a Label Studio result array; "[]" on a retraction.</summary>
    public string ResultJson { get; set; } = "[]";
    public GoldSource Source { get; set; }
    /// <summary>True when this row withdraws the task's gold answer.</summary>
    public bool IsRetracted { get; set; }
    /// <summary>Who set it; null for imports without a signed-in user.</summary>
    public string? CreatedById { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public string? Comment { get; set; }
    /// <summary>The import batch that brought it (gold imported with <c>ground_truth</c>); it is visible once the batch is.</summary>
    public long? ImportBatchId { get; set; }
}
