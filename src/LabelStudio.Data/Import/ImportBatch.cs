namespace LabelStudio.Data.Import;

/// <summary>One imported file. Every task remembers its batch, so any label traces back to the file it came from.</summary>
public sealed class ImportBatch
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public string FileName { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public long SizeBytes { get; set; }
    public string Format { get; set; } = "";
    public string? ImportedById { get; set; }
    public DateTime ImportedAt { get; set; } = DateTime.UtcNow;
    public int TaskCount { get; set; }
    public int AnnotationCount { get; set; }
    public int PredictionCount { get; set; }
}
