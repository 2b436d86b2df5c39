using LabelStudio.Data.Identity;
using LabelStudio.Data.Labeling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LabelStudio.Data.Review;

internal sealed class ResolutionConfiguration : IEntityTypeConfiguration<Resolution>
{
    public void Configure(EntityTypeBuilder<Resolution> b)
    {
        b.Property(r => r.Comment).HasMaxLength(2000);
        // The latest row of a task wins; a project's resolutions are read per rater and per day for the quality page.
        b.HasIndex(r => new { r.TaskId, r.Id });
        b.HasIndex(r => new { r.ProjectId, r.Id });
        // ProjectId has no FK (one cascade path on SQL Server: project -> task -> resolution).
        b.HasOne<LabelTask>().WithMany().HasForeignKey(r => r.TaskId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(r => r.DecidedById).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class RaterFeedbackReadConfiguration : IEntityTypeConfiguration<RaterFeedbackRead>
{
    public void Configure(EntityTypeBuilder<RaterFeedbackRead> b)
    {
        b.HasKey(r => r.UserId);
        b.HasOne<AppUser>().WithOne().HasForeignKey<RaterFeedbackRead>(r => r.UserId).OnDelete(DeleteBehavior.NoAction);
    }
}
