namespace LabelStudio.Data.Datasets;

/// <summary>
/// A version rebuilt from its recorded inputs (the tasks, annotations, gold, resolutions and outcome history up to its
/// watermarks): the content hash stored and the one the rebuild gives, and where they differ, which tasks. A version with
/// click labels also has its click-label file exported again from what it recorded and compared (<see cref="ClickLabels"/>).
/// </summary>
public sealed record DatasetReproduction(long VersionId, int Number, long? ConsensusRunId, string StoredSha256, string RebuiltSha256,
    bool Identical, int Tasks, int Changed, int Added, int Removed, IReadOnlyList<ReproductionDifference> Differences,
    ClickLabelReproduction? ClickLabels = null);

/// <summary>The click-label file stored with a version and the one its recorded generation exports today.</summary>
public sealed record ClickLabelReproduction(long Generation, string? StoredSha256, int? StoredRows, string RebuiltSha256, int RebuiltRows, bool Identical);

/// <summary>One task whose rebuilt final label differs: changed, added (in the rebuild only) or removed (in the version only).</summary>
public sealed record ReproductionDifference(long TaskId, string Kind, string? Stored, string? Rebuilt);
