namespace LabelStudio.Data.Feedback;

/// <summary>
/// The click evidence one ingest contributed for one (query, doc) pair: counts, per-rank cells
/// (<c>rank:impressions:clicks:sat</c> joined by <c>;</c>) and the most active clicker. Labels are computed from the
/// evidence of all the project's Succeeded ingests (within the evidence window); rolling an ingest back removes its
/// rows from that sum without deleting them.
/// </summary>
public sealed class FeedbackPairEvidence
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public long IngestId { get; set; }
    public string QueryId { get; set; } = "";
    public string DocId { get; set; } = "";
    public int Impressions { get; set; }
    public int Clicks { get; set; }
    public int SatClicks { get; set; }
    public int SdbnExamined { get; set; }
    public int SdbnLastClicks { get; set; }
    public int DistinctClickers { get; set; }
    public int ClickerClicks { get; set; }
    public string? TopClicker { get; set; }
    public int TopClickerClicks { get; set; }
    public string Cells { get; set; } = "";
}
