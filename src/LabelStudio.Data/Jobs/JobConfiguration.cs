using LabelStudio.Data.Identity;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LabelStudio.Data.Jobs;

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> b)
    {
        b.Property(j => j.Kind).HasMaxLength(40);
        b.Property(j => j.FileName).HasMaxLength(400);
        b.Property(j => j.Stage).HasMaxLength(100);
        b.Property(j => j.Message).HasMaxLength(4000);
        b.Property(j => j.Owner).HasMaxLength(300);
        // A project's jobs newest first; the unfinished jobs at start-up.
        b.HasIndex(j => new { j.ProjectId, j.Id });
        b.HasIndex(j => j.State);
        b.HasOne<Project>().WithMany().HasForeignKey(j => j.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(j => j.CreatedById).OnDelete(DeleteBehavior.NoAction);
        b.HasOne<AppUser>().WithMany().HasForeignKey(j => j.CancelledById).OnDelete(DeleteBehavior.NoAction);
    }
}
