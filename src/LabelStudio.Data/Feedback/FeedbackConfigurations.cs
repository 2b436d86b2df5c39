using LabelStudio.Data.Identity;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LabelStudio.Data.Feedback;

internal sealed class FeedbackIngestConfiguration : IEntityTypeConfiguration<FeedbackIngest>
{
    public void Configure(EntityTypeBuilder<FeedbackIngest> b)
    {
        b.Property(i => i.FileName).HasMaxLength(400);
        b.Property(i => i.Sha256).HasMaxLength(64);
        b.Property(i => i.Format).HasMaxLength(20);
        b.Property(i => i.Failure).HasMaxLength(2000);
        b.Property(i => i.Kind).HasMaxLength(20);
        b.HasOne<AppUser>().WithMany().HasForeignKey(i => i.RolledBackById).OnDelete(DeleteBehavior.NoAction);
        // Duplicate detection (same file in the same project) and the latest ingest of a project.
        b.HasIndex(i => new { i.ProjectId, i.Sha256 });
        b.HasIndex(i => new { i.ProjectId, i.Id });
        b.HasOne<Project>().WithMany().HasForeignKey(i => i.ProjectId).OnDelete(DeleteBehavior.Cascade);
        // SQL Server allows one cascade path: users never cascade.
        b.HasOne<AppUser>().WithMany().HasForeignKey(i => i.ImportedById).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class FeedbackLabelConfiguration : IEntityTypeConfiguration<FeedbackLabel>
{
    public void Configure(EntityTypeBuilder<FeedbackLabel> b)
    {
        b.Property(l => l.QueryId).HasMaxLength(FeedbackService.MaxIdLength);
        b.Property(l => l.DocId).HasMaxLength(FeedbackService.MaxIdLength);
        b.Property(l => l.Model).HasMaxLength(60);
        b.Property(l => l.ReasonCode).HasMaxLength(40);
        // The latest label per (project, query, doc) wins: this index answers "is there a later row" directly.
        b.HasIndex(l => new { l.ProjectId, l.QueryId, l.DocId, l.Id });
        b.HasIndex(l => new { l.ProjectId, l.Decision });
        b.HasIndex(l => l.IngestId);
        b.HasIndex(l => l.TaskId);
        // ProjectId and TaskId are plain columns: one cascade path, project -> ingest -> label.
        b.HasOne<FeedbackIngest>().WithMany().HasForeignKey(l => l.IngestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FeedbackSettingsConfiguration : IEntityTypeConfiguration<FeedbackSettings>
{
    public void Configure(EntityTypeBuilder<FeedbackSettings> b)
    {
        b.HasKey(s => s.ProjectId);
        // No row = the defaults of the class; the service always writes every column.
        b.HasOne<Project>().WithOne().HasForeignKey<FeedbackSettings>(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FeedbackSeedConfiguration : IEntityTypeConfiguration<FeedbackSeed>
{
    public void Configure(EntityTypeBuilder<FeedbackSeed> b)
    {
        b.Property(s => s.FileName).HasMaxLength(400);
        b.Property(s => s.Sha256).HasMaxLength(64);
        b.HasIndex(s => new { s.ProjectId, s.Id });
        b.HasOne<Project>().WithMany().HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UploadedById).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class FeedbackEvidenceConfiguration : IEntityTypeConfiguration<FeedbackPairEvidence>
{
    public void Configure(EntityTypeBuilder<FeedbackPairEvidence> b)
    {
        b.ToTable("FeedbackEvidence");
        b.Property(e => e.QueryId).HasMaxLength(FeedbackService.MaxIdLength);
        b.Property(e => e.DocId).HasMaxLength(FeedbackService.MaxIdLength);
        b.Property(e => e.TopClicker).HasMaxLength(400);
        b.HasIndex(e => new { e.IngestId, e.Id });
        b.HasIndex(e => new { e.ProjectId, e.QueryId, e.DocId });
        // ProjectId is a plain column: one cascade path, project -> ingest -> evidence.
        b.HasOne<FeedbackIngest>().WithMany().HasForeignKey(e => e.IngestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FeedbackCatalogEntryConfiguration : IEntityTypeConfiguration<FeedbackCatalogEntry>
{
    public void Configure(EntityTypeBuilder<FeedbackCatalogEntry> b)
    {
        b.ToTable("FeedbackCatalog");
        b.Property(e => e.Kind).HasMaxLength(10);
        b.Property(e => e.ItemId).HasMaxLength(FeedbackService.MaxIdLength);
        b.Property(e => e.Title).HasMaxLength(1000);
        b.Property(e => e.Url).HasMaxLength(2000);
        b.HasIndex(e => new { e.ProjectId, e.Kind, e.ItemId }).IsUnique();
        b.HasOne<Project>().WithMany().HasForeignKey(e => e.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
