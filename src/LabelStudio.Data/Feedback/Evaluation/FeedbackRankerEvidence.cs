namespace LabelStudio.Data.Feedback.Evaluation;

/// <summary>
/// What one ingest's log says about one ranker on one query: click counts summed over its impressions and the ranked
/// docs it showed (<see cref="Docs"/>: a JSON array of <c>[rank, impressions, doc]</c>). Like the pair evidence, it counts
/// while its ingest stands (Succeeded, within the evidence window) and stops counting when the ingest is rolled back.
/// Impressions themselves are never stored.
/// </summary>
public sealed class FeedbackRankerEvidence
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public long IngestId { get; set; }
    public string Ranker { get; set; } = "";
    public string QueryId { get; set; } = "";
    public long Impressions { get; set; }
    public long ClickedImpressions { get; set; }
    public long Clicks { get; set; }
    public long ResultsShown { get; set; }
    public long Rank1Clicks { get; set; }
    public double ReciprocalRankSum { get; set; }
    public long SatImpressions { get; set; }
    public string Docs { get; set; } = "[]";
}
