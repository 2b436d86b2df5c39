namespace LabelStudio.Data.Projects;

/// <summary>Every labeling configuration a project has had; annotations remember the version they were made under.</summary>
public sealed class LabelConfigVersion
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public int Version { get; set; }
    public string Xml { get; set; } = "";
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public string? CreatedById { get; set; }
}
