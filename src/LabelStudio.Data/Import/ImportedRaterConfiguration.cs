using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LabelStudio.Data.Import;

internal sealed class ImportedRaterConfiguration : IEntityTypeConfiguration<ImportedRater>
{
    public const int MaxKeyLength = 256;
    public const int MaxNameLength = 200;

    public void Configure(EntityTypeBuilder<ImportedRater> b)
    {
        b.ToTable("ImportedRaters");
        b.Property(r => r.ExternalKey).HasMaxLength(MaxKeyLength);
        b.Property(r => r.DisplayName).HasMaxLength(MaxNameLength);
        // Not unique: a discarded batch's raters wait for the clean-up while the next import of the same file adds its own.
        // Only one batch of a project stages at a time, and it looks up the visible raters first, so duplicates never show.
        b.HasIndex(r => new { r.ProjectId, r.ExternalKey });
        b.HasIndex(r => r.ImportBatchId);
        b.HasOne<Project>().WithMany().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ImportBatch>().WithMany().HasForeignKey(r => r.ImportBatchId).OnDelete(DeleteBehavior.NoAction);
    }
}
