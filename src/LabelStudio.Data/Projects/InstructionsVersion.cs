namespace LabelStudio.Data.Projects;

/// <summary>Every text a project's instructions have had: raters see what changed since their last visit.</summary>
public sealed class InstructionsVersion
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public int Version { get; set; }
    public string Markdown { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public string? CreatedById { get; set; }
}
