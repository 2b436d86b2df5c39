using LabelStudio.Data.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LabelStudio.Data.Audit;

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> b)
    {
        b.Property(e => e.ActorEmail).HasMaxLength(256);
        b.Property(e => e.Action).HasMaxLength(64).IsRequired();
        b.Property(e => e.TargetType).HasMaxLength(32);
        b.Property(e => e.TargetId).HasMaxLength(64);
        b.Property(e => e.Details).HasMaxLength(AuditLog.MaxDetailsLength);
        b.Property(e => e.IpAddress).HasMaxLength(64);
        b.Property(e => e.UserAgent).HasMaxLength(AuditLog.MaxUserAgentLength);
        // The page reads newest first, filtered by one of these.
        b.HasIndex(e => e.OccurredAt);
        b.HasIndex(e => new { e.ActorId, e.OccurredAt });
        b.HasIndex(e => new { e.Action, e.OccurredAt });
        b.HasIndex(e => new { e.ProjectId, e.OccurredAt });
        b.HasIndex(e => new { e.TargetType, e.TargetId });
        b.HasOne<AppUser>().WithMany().HasForeignKey(e => e.ActorId).OnDelete(DeleteBehavior.NoAction);
    }
}
