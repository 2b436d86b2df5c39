using LabelStudio.Data.Identity;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LabelStudio.Data.Import;

internal sealed class ImportBatchConfiguration : IEntityTypeConfiguration<ImportBatch>
{
    public void Configure(EntityTypeBuilder<ImportBatch> b)
    {
        b.Property(x => x.FileName).HasMaxLength(400);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.Format).HasMaxLength(16);
        // A project's batches by state: the visible ones, the one being staged, the discarded ones to clean.
        b.HasIndex(x => new { x.ProjectId, x.State });
        b.HasIndex(x => x.State);
        // JobId is a plain column: old jobs are pruned, batches stay (and SQL Server allows one cascade path from projects).
        b.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.ImportedById).OnDelete(DeleteBehavior.NoAction);
    }
}
