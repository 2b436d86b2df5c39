namespace LabelStudio.Data.Datasets;

/// <summary>
/// A version rebuilt from its recorded inputs (the tasks, annotations, gold, resolutions and outcome history up to its
/// watermarks): the content hash stored and the one the rebuild gives, and where they differ, which tasks.
/// </summary>
public sealed record DatasetReproduction(long VersionId, int Number, long? ConsensusRunId, string StoredSha256, string RebuiltSha256,
    bool Identical, int Tasks, int Changed, int Added, int Removed, IReadOnlyList<ReproductionDifference> Differences);

/// <summary>One task whose rebuilt final label differs: changed, added (in the rebuild only) or removed (in the version only).</summary>
public sealed record ReproductionDifference(long TaskId, string Kind, string? Stored, string? Rebuilt);
