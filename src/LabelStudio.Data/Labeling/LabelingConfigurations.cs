using LabelStudio.Data.Identity;
using LabelStudio.Data.Import;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LabelStudio.Data.Labeling;

internal sealed class LabelTaskConfiguration : IEntityTypeConfiguration<LabelTask>
{
    public void Configure(EntityTypeBuilder<LabelTask> b)
    {
        b.ToTable("Tasks");
        b.Property(t => t.ExternalKey).HasMaxLength(400);
        // The next-task query walks these two indexes, named in its SQL: open tasks of a project, closest to completion first.
        b.HasIndex(t => new { t.ProjectId, t.IsComplete, t.CompletedCount, t.Id }).HasDatabaseName(NextTaskWalk.SequentialIndex);
        b.HasIndex(t => new { t.ProjectId, t.IsComplete, t.CompletedCount, t.RandomKey }).HasDatabaseName(NextTaskWalk.RandomIndex);
        b.HasIndex(t => t.ImportBatchId);
        // The task browser pages a project in id or creation order.
        b.HasIndex(t => new { t.ProjectId, t.Id });
        b.HasIndex(t => new { t.ProjectId, t.CreatedAt });
        // An import probes each chunk's hashes against the project's tasks (duplicates across files).
        b.HasIndex(t => new { t.ProjectId, t.ContentHash });
        // Progress and counts take the withdrawn click tasks off with one seek.
        b.HasIndex(t => new { t.ProjectId, t.WithdrawnAt });
        // The bulk writers (import, click feedback) insert without naming this column.
        b.Property(t => t.AutoExtraRatings).HasDefaultValue(0);
        b.HasOne<Project>().WithMany().HasForeignKey(t => t.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ImportBatch>().WithMany().HasForeignKey(t => t.ImportBatchId).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class AnnotationConfiguration : IEntityTypeConfiguration<Annotation>
{
    public void Configure(EntityTypeBuilder<Annotation> b)
    {
        b.Property(a => a.ImportedAuthor).HasMaxLength(256);
        b.Property(a => a.IdempotencyKey).HasMaxLength(LabelingRules.MaxKeyLength);
        // One answer (or skip) per rater per task and revision: a retried submit cannot add a second row, and two
        // revisions of the same answer racing each other cannot both be stored. The index also finds the current revision.
        // Idempotency keys are scoped by this index too (a key is only ever compared with the caller's own rows on the
        // task), so they need no index of their own: a global one let one rater's key answer for another's submit.
        b.HasIndex(a => new { a.TaskId, a.UserId, a.Revision }).IsUnique();
        b.Property(a => a.NoEntitiesJson).HasMaxLength(2000);
        // Bulk imports write annotations with plain SQL: a first answer needs no value.
        b.Property(a => a.Revision).HasDefaultValue(0);
        b.HasIndex(a => new { a.UserId, a.ProjectId, a.CreatedAt });
        b.HasIndex(a => a.ProjectId);
        // A version's single pass reads a project's annotations in task order: no sort of millions of rows.
        b.HasIndex(a => new { a.ProjectId, a.TaskId, a.Id });
        b.HasOne<LabelTask>().WithMany().HasForeignKey(a => a.TaskId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.NoAction);
        b.HasOne<ImportBatch>().WithMany().HasForeignKey(a => a.ImportBatchId).OnDelete(DeleteBehavior.NoAction);
        // A plain column, not a foreign key: on SQLite a new self-reference would rebuild the whole table.
        b.HasIndex(a => a.SupersedesId);
    }
}

internal sealed class DraftConfiguration : IEntityTypeConfiguration<Draft>
{
    public void Configure(EntityTypeBuilder<Draft> b)
    {
        // One draft per rater per task, replaced as the rater works.
        b.HasIndex(d => new { d.TaskId, d.UserId }).IsUnique();
        b.HasIndex(d => new { d.UserId, d.ProjectId });
        b.Property(d => d.NoEntitiesJson).HasMaxLength(2000);
        b.HasOne<LabelTask>().WithMany().HasForeignKey(d => d.TaskId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class ReservationConfiguration : IEntityTypeConfiguration<Reservation>
{
    public void Configure(EntityTypeBuilder<Reservation> b)
    {
        b.HasIndex(r => new { r.TaskId, r.UserId }).IsUnique();
        b.HasIndex(r => new { r.TaskId, r.ExpiresAt });
        b.HasIndex(r => new { r.UserId, r.ProjectId });
        b.HasIndex(r => new { r.ProjectId, r.ExpiresAt });
        b.HasOne<LabelTask>().WithMany().HasForeignKey(r => r.TaskId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class PredictionConfiguration : IEntityTypeConfiguration<Prediction>
{
    public void Configure(EntityTypeBuilder<Prediction> b)
    {
        b.Property(p => p.ModelVersion).HasMaxLength(200);
        b.HasIndex(p => p.TaskId);
        b.HasOne<LabelTask>().WithMany().HasForeignKey(p => p.TaskId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ImportBatch>().WithMany().HasForeignKey(p => p.ImportBatchId).OnDelete(DeleteBehavior.NoAction);
    }
}
