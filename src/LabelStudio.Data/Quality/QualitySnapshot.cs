namespace LabelStudio.Data.Quality;

/// <summary>
/// One project-level agreement computation. Append-only: the latest row of a project is the current one, and its
/// Dawid–Skene model scores tasks at submit time.
/// </summary>
public sealed class QualitySnapshot
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public DateTime ComputedAt { get; set; }
    public int ConfigVersion { get; set; }
    public int RatingCount { get; set; }
    /// <summary><see cref="QualityMeasures"/> as JSON.</summary>
    public string MeasuresJson { get; set; } = "{}";
    /// <summary>A list of <see cref="RaterQuality"/> as JSON, keyed by user id.</summary>
    public string RatersJson { get; set; } = "[]";
    /// <summary><see cref="StoredDawidSkeneModel"/> as JSON; null when the primary control is not a single choice.</summary>
    public string? DawidSkeneModelJson { get; set; }
    public long DurationMs { get; set; }
}
