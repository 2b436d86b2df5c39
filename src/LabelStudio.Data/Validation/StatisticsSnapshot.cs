namespace LabelStudio.Data.Validation;

/// <summary>
/// The statistics of one subject (an import batch, a dataset version), computed while its tasks streamed, with the
/// warnings validation found. Written once, in the transaction that publishes the subject.
/// </summary>
public sealed class StatisticsSnapshot
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    /// <summary>A <see cref="StatisticsSubject"/> value.</summary>
    public string SubjectKind { get; set; } = StatisticsSubject.ImportBatch;
    public long SubjectId { get; set; }
    public long TaskCount { get; set; }
    /// <summary><see cref="LabelStudio.Core.DataValidation.DataStatistics"/> in its stable, mergeable JSON form.</summary>
    public string StatisticsJson { get; set; } = "{}";
    /// <summary>The warnings (a list of <see cref="LabelStudio.Core.DataValidation.Anomaly"/>) as JSON.</summary>
    public string WarningsJson { get; set; } = "[]";
    public int WarningCount { get; set; }
    public DateTime CreatedAt { get; set; }
}
