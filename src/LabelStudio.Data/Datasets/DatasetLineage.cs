namespace LabelStudio.Data.Datasets;

/// <summary>What a version was made from, frozen when it was made (names can change later; the manifest must not).</summary>
public sealed record DatasetLineage(
    IReadOnlyList<LineageBatch> ImportBatches,
    IReadOnlyList<LineageConfig> ConfigVersions,
    IReadOnlyList<LineageRater> Raters,
    LineageResolutions Resolutions,
    IReadOnlyList<LineageIngest> ClickLogIngests);

public sealed record LineageBatch(long Id, string FileName, string Sha256, long SizeBytes, string Format, DateTime ImportedAt, int Tasks);

public sealed record LineageConfig(int Version, string Sha256, DateTime CreatedAt);

public sealed record LineageRater(string Id, string DisplayName, int Annotations);

public sealed record LineageResolutions(int Count, IReadOnlyList<long> Ids);

/// <summary>A click log whose evidence the version's click generation includes: lines read and rejected, impressions kept, pairs.</summary>
public sealed record LineageIngest(long Id, string FileName, string Sha256, long SizeBytes, string Format, DateTime? FinishedAt,
    long LinesRead = 0, long LinesRejected = 0, long Impressions = 0, int Pairs = 0);
