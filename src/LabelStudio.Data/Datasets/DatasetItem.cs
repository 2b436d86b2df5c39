namespace LabelStudio.Data.Datasets;

/// <summary>
/// One task of a dataset version with its final label frozen as it was derived when the version was made (origin,
/// method, agreement, ratings, annotation, resolution and gold ids per control), as versions made before items files kept
/// it. Versions made now keep their items in a file (<see cref="DatasetItemsFile"/>); these rows are read only for the
/// older ones (download, diff, reproduce), so they keep working without a migration of their data.
/// </summary>
public sealed class DatasetItem
{
    public long Id { get; set; }
    public long DatasetVersionId { get; set; }
    public long TaskId { get; set; }
    /// <summary>train, validation, test, or empty without a split.</summary>
    public string Split { get; set; } = "";
    public LabelStudio.Quality.TaskOutcomeState State { get; set; }
    /// <summary>The final label per control (<see cref="Review.FinalLabel"/> list) as JSON.</summary>
    public string LabelsJson { get; set; } = "[]";
    /// <summary>The labels in short form, e.g. <c>sentiment=Positive</c>: the stratum of the split and the key of diffs.</summary>
    public string LabelKey { get; set; } = "";
    /// <summary>The primary origin (resolution, gold, consensus, none).</summary>
    public Review.FinalLabelOrigin Origin { get; set; }
}
