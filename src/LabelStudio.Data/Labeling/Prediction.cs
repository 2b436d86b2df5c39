namespace LabelStudio.Data.Labeling;

/// <summary>A model's pre-annotation imported with a task. Kept, shown to nobody yet.</summary>
public sealed class Prediction
{
    public long Id { get; set; }
    public long TaskId { get; set; }
    public long? ImportBatchId { get; set; }
    public string ResultJson { get; set; } = "[]";
    public double? Score { get; set; }
    public string? ModelVersion { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}
