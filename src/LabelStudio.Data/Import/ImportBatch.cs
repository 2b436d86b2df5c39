namespace LabelStudio.Data.Import;

/// <summary>
/// One imported file (or the tasks one click-log ingest queued). Every task remembers its batch, so any label traces
/// back to the file it came from. Its tasks, annotations, predictions and gold answers are visible only once the
/// batch is <see cref="ImportBatchState.Published"/>.
/// </summary>
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
    /// <summary>
    /// Tasks that arrived complete (imported authors gave them all their ratings): while the batch is hidden, the open
    /// task count leaves out <see cref="TaskCount"/> minus these.
    /// </summary>
    public int CompleteTaskCount { get; set; }
    /// <summary>Ratings the imported authors gave: their current answers (not skips, not earlier revisions).</summary>
    public int RatingCount { get; set; }
    public int PredictionCount { get; set; }
    public ImportBatchState State { get; set; }
    /// <summary>The job that writes (or wrote) the batch; a staging batch whose job died is discarded.</summary>
    public long? JobId { get; set; }
}
