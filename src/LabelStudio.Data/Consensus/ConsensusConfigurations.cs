using LabelStudio.Data.Labeling;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LabelStudio.Data.Consensus;

internal sealed class TaskOutcomeConfiguration : IEntityTypeConfiguration<TaskOutcome>
{
    public void Configure(EntityTypeBuilder<TaskOutcome> b)
    {
        b.HasKey(o => o.TaskId);
        b.Property(o => o.Method).HasMaxLength(40);
        b.Property(o => o.Reasons).HasMaxLength(400);
        // The conflicts list: a project's tasks in one state, highest priority first.
        b.HasIndex(o => new { o.ProjectId, o.State, o.Priority });
        // ProjectId is a copy of the task's (no FK): the task cascade already removes the row, and SQL Server refuses
        // a second cascade path from projects.
        b.HasOne<LabelTask>().WithOne().HasForeignKey<TaskOutcome>(o => o.TaskId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class QualitySnapshotConfiguration : IEntityTypeConfiguration<QualitySnapshot>
{
    public void Configure(EntityTypeBuilder<QualitySnapshot> b)
    {
        b.HasIndex(s => new { s.ProjectId, s.Id });
        b.HasOne<Project>().WithMany().HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
