namespace LabelStudio.Data.Feedback.Evaluation;

/// <summary>One ingest's team-draft interleaving outcomes for a pair of rankers (<see cref="RankerA"/> ordinally first).</summary>
public sealed class FeedbackInterleavingEvidence
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public long IngestId { get; set; }
    public string RankerA { get; set; } = "";
    public string RankerB { get; set; } = "";
    public long WinsA { get; set; }
    public long WinsB { get; set; }
    public long Ties { get; set; }
    public long NoClicks { get; set; }
}
