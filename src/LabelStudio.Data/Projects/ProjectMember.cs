namespace LabelStudio.Data.Projects;

public enum ProjectRole { Rater = 0, Lead = 1 }

public sealed class ProjectMember
{
    public long ProjectId { get; set; }
    public string UserId { get; set; } = "";
    public ProjectRole Role { get; set; }
    public DateTime AddedAt { get; set; } = DateTime.UtcNow;
    /// <summary>Set when the rater was paused from the project (gold accuracy below the project's threshold).</summary>
    public DateTime? PausedAt { get; set; }
    public string? PauseReason { get; set; }
    /// <summary>Gold answers before this time do not count towards a pause (set when a lead lets a paused rater resume).</summary>
    public DateTime? GoldCountedFrom { get; set; }
    /// <summary>The instructions version the member saw last (0 = never).</summary>
    public int InstructionsSeenVersion { get; set; }
}
