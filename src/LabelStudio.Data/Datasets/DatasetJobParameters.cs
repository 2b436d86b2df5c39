namespace LabelStudio.Data.Datasets;

/// <summary>What a dataset job works on: the version, and the formats to write (build) or the one format (export).</summary>
public sealed class DatasetJobParameters
{
    public long VersionId { get; set; }
    public List<string> Formats { get; set; } = [];
}
