using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LabelStudio.Data.Feedback.Evaluation;

internal sealed class FeedbackRankerEvidenceConfiguration : IEntityTypeConfiguration<FeedbackRankerEvidence>
{
    public const int MaxRankerLength = 200;

    public void Configure(EntityTypeBuilder<FeedbackRankerEvidence> b)
    {
        b.ToTable("FeedbackRankerEvidence");
        b.Property(e => e.Ranker).HasMaxLength(MaxRankerLength);
        b.Property(e => e.QueryId).HasMaxLength(FeedbackService.MaxIdLength);
        b.HasIndex(e => new { e.IngestId, e.Id });
        // ProjectId is a plain column: one cascade path, project -> ingest -> evidence.
        b.HasOne<FeedbackIngest>().WithMany().HasForeignKey(e => e.IngestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FeedbackInterleavingEvidenceConfiguration : IEntityTypeConfiguration<FeedbackInterleavingEvidence>
{
    public void Configure(EntityTypeBuilder<FeedbackInterleavingEvidence> b)
    {
        b.ToTable("FeedbackInterleaving");
        b.Property(e => e.RankerA).HasMaxLength(FeedbackRankerEvidenceConfiguration.MaxRankerLength);
        b.Property(e => e.RankerB).HasMaxLength(FeedbackRankerEvidenceConfiguration.MaxRankerLength);
        b.HasIndex(e => e.IngestId);
        b.HasOne<FeedbackIngest>().WithMany().HasForeignKey(e => e.IngestId).OnDelete(DeleteBehavior.Cascade);
    }
}
