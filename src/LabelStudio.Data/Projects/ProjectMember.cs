namespace LabelStudio.Data.Projects;

public enum ProjectRole { Rater = 0, Lead = 1 }

public sealed class ProjectMember
{
    public long ProjectId { get; set; }
    public string UserId { get; set; } = "";
    public ProjectRole Role { get; set; }
    public DateTime AddedAt { get; set; } = DateTime.UtcNow;
}
