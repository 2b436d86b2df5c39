namespace LabelStudio.Data.Quality;

/// <summary>What a recompute's re-score did: tasks scored, outcomes changed.</summary>
internal sealed class RescoreCounts
{
    public int Tasks { get; set; }
    public int Changed { get; set; }
}
