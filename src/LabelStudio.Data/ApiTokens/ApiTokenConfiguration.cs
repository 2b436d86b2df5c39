using LabelStudio.Data.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LabelStudio.Data.ApiTokens;

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.Property(t => t.Name).HasMaxLength(ApiTokenService.MaxNameLength).IsRequired();
        b.Property(t => t.Prefix).HasMaxLength(16).IsRequired();
        b.Property(t => t.Hash).HasMaxLength(64).IsRequired();
        // Every token request looks its hash up.
        b.HasIndex(t => t.Hash).IsUnique();
        b.HasIndex(t => new { t.UserId, t.Id });
        b.HasOne<AppUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.NoAction);
        b.HasOne<AppUser>().WithMany().HasForeignKey(t => t.RevokedById).OnDelete(DeleteBehavior.NoAction);
    }
}
