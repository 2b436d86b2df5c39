namespace LabelStudio.Data.Projects;

public enum TaskOrder { Sequential = 0, Random = 1 }

public sealed class Project
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    /// <summary>Rater instructions as Markdown; rendered through the sanitizing renderer only.</summary>
    public string Instructions { get; set; } = "";
    public string LabelConfigXml { get; set; } = "";
    public int LabelConfigVersion { get; set; } = 1;
    /// <summary>Ratings each task needs (overlap).</summary>
    public int Overlap { get; set; } = 3;
    public int LeaseMinutes { get; set; } = 10;
    public TaskOrder Order { get; set; } = TaskOrder.Sequential;
    public bool AllowSkip { get; set; } = true;
    /// <summary>Conflict rule (see <see cref="Consensus.ConflictSettings"/>).</summary>
    public double ConflictMinMajorityShare { get; set; } = 0.6;
    public double ConflictMinPosterior { get; set; } = 0.9;
    public bool ConflictFlagTies { get; set; } = true;
    public bool ConflictFlagGoldDisagreement { get; set; } = true;
    public bool ConflictFlagBoundaries { get; set; } = true;
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public string? CreatedById { get; set; }

    public Consensus.ConflictSettings GetConflictSettings() => new(ConflictMinMajorityShare, ConflictMinPosterior,
        ConflictFlagTies, ConflictFlagGoldDisagreement, ConflictFlagBoundaries);

    public void ApplyConflictSettings(Consensus.ConflictSettings settings)
    {
        ConflictMinMajorityShare = settings.MinMajorityShare;
        ConflictMinPosterior = settings.MinPosterior;
        ConflictFlagTies = settings.FlagTies;
        ConflictFlagGoldDisagreement = settings.FlagGoldDisagreement;
        ConflictFlagBoundaries = settings.FlagBoundaryDisagreements;
    }
}
