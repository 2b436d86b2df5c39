using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LabelStudio.Data.Validation;

internal sealed class StatisticsSnapshotConfiguration : IEntityTypeConfiguration<StatisticsSnapshot>
{
    public void Configure(EntityTypeBuilder<StatisticsSnapshot> b)
    {
        b.Property(s => s.SubjectKind).HasMaxLength(32);
        // One snapshot per subject; a project's snapshots are read together to infer its schema.
        b.HasIndex(s => new { s.SubjectKind, s.SubjectId }).IsUnique();
        b.HasIndex(s => new { s.ProjectId, s.SubjectKind });
        b.HasOne<Project>().WithMany().HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ValidationSettingsConfiguration : IEntityTypeConfiguration<ValidationSettings>
{
    public void Configure(EntityTypeBuilder<ValidationSettings> b)
    {
        b.HasKey(s => s.ProjectId);
        b.HasOne<Project>().WithOne().HasForeignKey<ValidationSettings>(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
