namespace LabelStudio.Data.Datasets;

/// <summary>A written file of a version in one format. The row exists only once the whole file is in place.</summary>
public sealed class DatasetFile
{
    public long Id { get; set; }
    public long DatasetVersionId { get; set; }
    /// <summary>json, json-min, jsonl, csv, tsv, conll or parquet.</summary>
    public string Format { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public long SizeBytes { get; set; }
    public int RowCount { get; set; }
    public DateTime CreatedAt { get; set; }
    public long? JobId { get; set; }
}
