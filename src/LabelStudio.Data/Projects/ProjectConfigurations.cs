using LabelStudio.Data.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LabelStudio.Data.Projects;

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> b)
    {
        b.Property(p => p.Name).HasMaxLength(200).IsRequired();
        b.Property(p => p.Description).HasMaxLength(4000);
        b.HasIndex(p => p.Name).IsUnique();
        // Users are locked, never deleted; SQL Server also refuses a second cascade path from users to these rows.
        b.HasOne<AppUser>().WithMany().HasForeignKey(p => p.CreatedById).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class LabelConfigVersionConfiguration : IEntityTypeConfiguration<LabelConfigVersion>
{
    public void Configure(EntityTypeBuilder<LabelConfigVersion> b)
    {
        b.HasIndex(v => new { v.ProjectId, v.Version }).IsUnique();
        b.HasOne<Project>().WithMany().HasForeignKey(v => v.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(v => v.CreatedById).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class InstructionsVersionConfiguration : IEntityTypeConfiguration<InstructionsVersion>
{
    public void Configure(EntityTypeBuilder<InstructionsVersion> b)
    {
        b.HasIndex(v => new { v.ProjectId, v.Version }).IsUnique();
        b.HasOne<Project>().WithMany().HasForeignKey(v => v.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(v => v.CreatedById).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class ProjectMemberConfiguration : IEntityTypeConfiguration<ProjectMember>
{
    public void Configure(EntityTypeBuilder<ProjectMember> b)
    {
        b.HasKey(m => new { m.ProjectId, m.UserId });
        b.HasIndex(m => m.UserId);
        b.Property(m => m.PauseReason).HasMaxLength(400);
        b.HasOne<Project>().WithMany().HasForeignKey(m => m.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.NoAction);
    }
}
