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
    /// <summary>Conflict rule (see <see cref="LabelStudio.Quality.ConflictSettings"/>).</summary>
    public double ConflictMinMajorityShare { get; set; } = 0.6;
    public double ConflictMinPosterior { get; set; } = 0.9;
    public bool ConflictFlagTies { get; set; } = true;
    public bool ConflictFlagGoldDisagreement { get; set; } = true;
    public bool ConflictFlagBoundaries { get; set; } = true;
    /// <summary>The current version of <see cref="Instructions"/> (see <see cref="InstructionsVersion"/>); 0 before any.</summary>
    public int InstructionsVersion { get; set; }
    /// <summary>Dynamic overlap: extra ratings asked for automatically before a conflict reaches a lead (0 = off).</summary>
    public int AutoExtraRatings { get; set; }
    /// <summary>Share of the tasks served to a rater that are gold checks (tasks with a gold answer), 0 = none.</summary>
    public double GoldRate { get; set; }
    /// <summary>Pause a rater whose gold accuracy falls below this (0 = never pause).</summary>
    public double PauseBelowGoldAccuracy { get; set; }
    /// <summary>Gold tasks a rater must have answered before the pause rule applies.</summary>
    public int PauseAfterGoldTasks { get; set; } = 10;
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public string? CreatedById { get; set; }

    public LabelStudio.Quality.ConflictSettings GetConflictSettings() => new(ConflictMinMajorityShare, ConflictMinPosterior,
        ConflictFlagTies, ConflictFlagGoldDisagreement, ConflictFlagBoundaries);

    public Review.ReviewSettings GetReviewSettings() => new(AutoExtraRatings, GoldRate, PauseBelowGoldAccuracy, PauseAfterGoldTasks);

    public void ApplyReviewSettings(Review.ReviewSettings settings)
    {
        AutoExtraRatings = settings.AutoExtraRatings;
        GoldRate = settings.GoldRate;
        PauseBelowGoldAccuracy = settings.PauseBelowGoldAccuracy;
        PauseAfterGoldTasks = settings.PauseAfterGoldTasks;
    }

    public void ApplyConflictSettings(LabelStudio.Quality.ConflictSettings settings)
    {
        ConflictMinMajorityShare = settings.MinMajorityShare;
        ConflictMinPosterior = settings.MinPosterior;
        ConflictFlagTies = settings.FlagTies;
        ConflictFlagGoldDisagreement = settings.FlagGoldDisagreement;
        ConflictFlagBoundaries = settings.FlagBoundaryDisagreements;
    }
}
