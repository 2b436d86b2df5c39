using LabelStudio.Data.Identity;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LabelStudio.Data.Datasets;

internal sealed class DatasetVersionConfiguration : IEntityTypeConfiguration<DatasetVersion>
{
    public void Configure(EntityTypeBuilder<DatasetVersion> b)
    {
        b.Property(v => v.Name).HasMaxLength(200);
        b.Property(v => v.Description).HasMaxLength(4000);
        b.Property(v => v.ConfigSha256).HasMaxLength(64);
        b.Property(v => v.ContentSha256).HasMaxLength(64);
        b.Property(v => v.Failure).HasMaxLength(2000);
        b.Property(v => v.LabelSchema).HasMaxLength(2000);
        b.HasIndex(v => new { v.ProjectId, v.Number }).IsUnique();
        b.HasOne<Project>().WithMany().HasForeignKey(v => v.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(v => v.CreatedById).OnDelete(DeleteBehavior.NoAction);
        b.HasOne<DatasetVersion>().WithMany().HasForeignKey(v => v.ParentId).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class DatasetItemConfiguration : IEntityTypeConfiguration<DatasetItem>
{
    public void Configure(EntityTypeBuilder<DatasetItem> b)
    {
        b.Property(i => i.Split).HasMaxLength(16);
        b.Property(i => i.LabelKey).HasMaxLength(400);
        // Items are read in task order per version (files, diffs); TaskId has no FK: a version outlives its tasks.
        b.HasIndex(i => new { i.DatasetVersionId, i.TaskId }).IsUnique();
        b.HasOne<DatasetVersion>().WithMany().HasForeignKey(i => i.DatasetVersionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DatasetFileConfiguration : IEntityTypeConfiguration<DatasetFile>
{
    public void Configure(EntityTypeBuilder<DatasetFile> b)
    {
        b.Property(f => f.Format).HasMaxLength(16);
        b.Property(f => f.Sha256).HasMaxLength(64);
        b.HasIndex(f => new { f.DatasetVersionId, f.Format }).IsUnique();
        b.HasOne<DatasetVersion>().WithMany().HasForeignKey(f => f.DatasetVersionId).OnDelete(DeleteBehavior.Cascade);
    }
}
