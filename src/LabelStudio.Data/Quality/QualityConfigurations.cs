using LabelStudio.Data.Identity;
using LabelStudio.Data.Labeling;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LabelStudio.Data.Quality;

internal sealed class TaskOutcomeConfiguration : IEntityTypeConfiguration<TaskOutcome>
{
    public void Configure(EntityTypeBuilder<TaskOutcome> b)
    {
        b.HasKey(o => o.TaskId);
        b.Property(o => o.Method).HasMaxLength(40);
        b.Property(o => o.Reasons).HasMaxLength(400);
        // The conflicts list: a project's tasks in one state, highest priority first.
        b.HasIndex(o => new { o.ProjectId, o.State, o.Priority });
        // The task browser: a project's tasks by agreement.
        b.HasIndex(o => new { o.ProjectId, o.AgreementScore });
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

internal sealed class GoldAnswerConfiguration : IEntityTypeConfiguration<GoldAnswer>
{
    public void Configure(EntityTypeBuilder<GoldAnswer> b)
    {
        b.Property(g => g.Comment).HasMaxLength(2000);
        // The latest row of a task wins; a project's gold answers are read in one pass at recompute.
        b.HasIndex(g => new { g.TaskId, g.Id });
        b.HasIndex(g => new { g.ProjectId, g.Id });
        // ProjectId has no FK (one cascade path on SQL Server: project -> task -> gold).
        b.HasOne<LabelTask>().WithMany().HasForeignKey(g => g.TaskId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(g => g.CreatedById).OnDelete(DeleteBehavior.NoAction);
        // ImportBatchId is a plain column like ProjectId: the task cascade removes imported gold with its task.
    }
}

internal sealed class ConsensusRunConfiguration : IEntityTypeConfiguration<ConsensusRun>
{
    public void Configure(EntityTypeBuilder<ConsensusRun> b)
    {
        b.Property(r => r.Method).HasMaxLength(40);
        b.HasIndex(r => new { r.ProjectId, r.Id });
        b.HasOne<Project>().WithMany().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TaskOutcomeRevisionConfiguration : IEntityTypeConfiguration<TaskOutcomeRevision>
{
    public void Configure(EntityTypeBuilder<TaskOutcomeRevision> b)
    {
        b.Property(r => r.Method).HasMaxLength(40);
        // "As of W": a task's latest revision not above W.
        b.HasIndex(r => new { r.TaskId, r.Id });
        // A run's changes.
        b.HasIndex(r => new { r.RunId, r.Id });
        // A version's single pass: a project's history in task order, without sorting it.
        b.HasIndex(r => new { r.ProjectId, r.TaskId, r.Id });
        // ProjectId and RunId are plain columns (one cascade path on SQL Server: project -> task -> revision).
        b.HasOne<LabelTask>().WithMany().HasForeignKey(r => r.TaskId).OnDelete(DeleteBehavior.Cascade);
    }
}
