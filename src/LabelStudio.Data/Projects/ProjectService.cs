using LabelStudio.Data.Audit;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Import;
using LabelStudio.Data.Labeling;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Projects;

public sealed class ProjectService(IDbContextFactory<AppDbContext> dbFactory, AuditLog audit, OpenTaskCountCache openCounts)
{
    public async Task<IReadOnlyList<ProjectSummary>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var projects = db.Projects.AsNoTracking();
        if (!actor.IsAdmin)
        {
            var userId = actor.RequireUserId();
            projects = projects.Where(p => db.ProjectMembers.Any(m => m.ProjectId == p.Id && m.UserId == userId));
        }
        return await projects
            .OrderBy(p => p.Name)
            // Index-only counts: hidden tasks (a batch being imported) are counted on their batches and taken off, raters'
            // annotations are never hidden, and imported authors' ratings are counted on their published batches.
            .Select(p => new ProjectSummary(p.Id, p.Name, p.Description,
                db.Tasks.IgnoreQueryFilters().Count(t => t.ProjectId == p.Id)
                    - (db.ImportBatches.Where(b => b.ProjectId == p.Id && b.State != ImportBatchState.Published).Sum(b => (int?)b.TaskCount) ?? 0)
                    - db.Tasks.IgnoreQueryFilters().Count(t => t.ProjectId == p.Id && t.WithdrawnAt != null),
                // Withdrawn click tasks are stored as complete (out of the queue): they count in neither figure.
                db.Tasks.IgnoreQueryFilters().Count(t => t.ProjectId == p.Id && t.IsComplete)
                    - (db.ImportBatches.Where(b => b.ProjectId == p.Id && b.State != ImportBatchState.Published).Sum(b => (int?)b.CompleteTaskCount) ?? 0)
                    - db.Tasks.IgnoreQueryFilters().Count(t => t.ProjectId == p.Id && t.WithdrawnAt != null),
                db.Annotations.IgnoreQueryFilters().Count(a => a.ProjectId == p.Id && !a.WasSkipped && a.Source == AnnotationSource.Rater && a.Revision == 0)
                    + (db.ImportBatches.Where(b => b.ProjectId == p.Id && b.State == ImportBatchState.Published).Sum(b => (int?)b.RatingCount) ?? 0),
                db.ProjectMembers.Count(m => m.ProjectId == p.Id),
                p.CreatedAt))
            .ToListAsync(ct);
    }

    public async Task<Project> GetAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct)
                      ?? throw new NotFoundException($"Project {projectId} does not exist.");
        if (!actor.IsAdmin)
        {
            var userId = actor.RequireUserId();
            if (!await db.ProjectMembers.AnyAsync(m => m.ProjectId == projectId && m.UserId == userId, ct))
            {
                throw new NotFoundException($"Project {projectId} does not exist.");
            }
        }
        return project;
    }

    public async Task<Project> CreateAsync(ProjectDraft draft, Actor actor, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        var errors = ValidateDraft(draft).ToList();
        if (errors.Count > 0) throw new DomainValidationException(errors);
        LabelingConfigCache.ParseOrThrow(draft.LabelConfigXml);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var name = draft.Name.Trim();
        if (await db.Projects.AnyAsync(p => p.Name == name, ct))
        {
            throw new DomainValidationException($"A project named \"{name}\" already exists.");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var project = new Project
        {
            Name = name,
            Description = draft.Description.Trim(),
            Instructions = draft.Instructions,
            LabelConfigXml = draft.LabelConfigXml,
            LabelConfigVersion = 1,
            Overlap = draft.Settings.Overlap,
            LeaseMinutes = draft.Settings.LeaseMinutes,
            Order = draft.Settings.Order,
            AllowSkip = draft.Settings.AllowSkip,
            CreatedById = actor.UserId,
        };
        project.ApplyConflictSettings(draft.Settings.Conflicts ?? LabelStudio.Quality.ConflictSettings.Default);
        project.ApplyReviewSettings(draft.Settings.Review ?? Review.ReviewSettings.Default);
        db.Projects.Add(project);
        await db.SaveChangesAsync(ct);
        db.LabelConfigVersions.Add(new LabelConfigVersion
        {
            ProjectId = project.Id, Version = 1, Xml = draft.LabelConfigXml, CreatedById = actor.UserId,
        });
        InstructionsHistory.Append(db, project, draft.Instructions, actor.UserId, DateTime.UtcNow);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return project;
    }

    /// <summary>
    /// Updates name, texts and settings. A changed configuration becomes a new version; a changed overlap applies to
    /// tasks that are not yet complete.
    /// </summary>
    public async Task<Project> UpdateAsync(long projectId, ProjectDraft draft, Actor actor, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        var errors = ValidateDraft(draft).ToList();
        if (errors.Count > 0) throw new DomainValidationException(errors);
        var configuration = LabelingConfigCache.ParseOrThrow(draft.LabelConfigXml);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == projectId, ct)
                      ?? throw new NotFoundException($"Project {projectId} does not exist.");
        var name = draft.Name.Trim();
        if (await db.Projects.AnyAsync(p => p.Name == name && p.Id != projectId, ct))
        {
            throw new DomainValidationException($"A project named \"{name}\" already exists.");
        }

        if (project.LabelConfigXml != draft.LabelConfigXml)
        {
            await EnsureTasksFitAsync(db, projectId, configuration.RequiredDataFields, ct);
            project.LabelConfigVersion++;
            project.LabelConfigXml = draft.LabelConfigXml;
            db.LabelConfigVersions.Add(new LabelConfigVersion
            {
                ProjectId = projectId, Version = project.LabelConfigVersion, Xml = draft.LabelConfigXml,
                CreatedById = actor.UserId,
            });
        }

        project.Name = name;
        project.Description = draft.Description.Trim();
        if (project.Instructions != draft.Instructions)
        {
            InstructionsHistory.Append(db, project, draft.Instructions, actor.UserId, DateTime.UtcNow);
        }
        project.Instructions = draft.Instructions;
        project.LeaseMinutes = draft.Settings.LeaseMinutes;
        project.Order = draft.Settings.Order;
        project.AllowSkip = draft.Settings.AllowSkip;
        if (draft.Settings.Conflicts is { } conflicts) project.ApplyConflictSettings(conflicts);
        if (draft.Settings.Review is { } review) project.ApplyReviewSettings(review);
        if (project.Overlap != draft.Settings.Overlap)
        {
            project.Overlap = draft.Settings.Overlap;
            var overlap = draft.Settings.Overlap;
            // Tasks still being imported too: they are published with the project's current overlap.
            await db.Tasks.IgnoreQueryFilters().Where(t => t.ProjectId == projectId && t.WithdrawnAt == null
                                                           && (!t.IsComplete || t.CompletedCount < overlap))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(t => t.RequiredRatings, overlap)
                    .SetProperty(t => t.IsComplete, t => t.CompletedCount >= overlap), ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        // A new overlap opens or closes tasks: the raters' remaining count follows at once.
        openCounts.Invalidate(projectId);
        return project;
    }

    public async Task<IReadOnlyList<ProjectMemberView>> ListMembersAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (from m in db.ProjectMembers
                      join u in db.Users on m.UserId equals u.Id
                      where m.ProjectId == projectId
                      orderby m.Role descending, u.Email
                      select new ProjectMemberView(u.Id, u.Email ?? "", u.DisplayName, m.Role)).ToListAsync(ct);
    }

    public async Task SetMemberAsync(long projectId, string userId, ProjectRole role, Actor actor, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        if (!Enum.IsDefined(role))
            throw new DomainValidationException(new Dictionary<string, string[]>
            {
                ["role"] = [$"{(int)role} is not a project role; use Rater (0) or Lead (1)."],
            });
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct))
            throw new NotFoundException($"Project {projectId} does not exist.");
        if (!await db.Users.AnyAsync(u => u.Id == userId, ct))
            throw new NotFoundException($"User {userId} does not exist.");
        var member = await db.ProjectMembers.FindAsync([projectId, userId], ct);
        if (member?.Role == role) return;
        var before = member?.Role;
        if (member is null)
        {
            db.ProjectMembers.Add(new ProjectMember { ProjectId = projectId, UserId = userId, Role = role });
        }
        else
        {
            member.Role = role;
        }
        // Rights in a project are read from the membership rows on every request, so no session needs to end here.
        await audit.AddAsync(db, AuditActions.MemberSet, actor, AuditTarget.User(userId),
            before is null ? $"added as {role}" : $"{before} → {role}", projectId, ct);
        await db.SaveChangesAsync(ct);
    }

    public async Task RemoveMemberAsync(long projectId, string userId, Actor actor, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var removed = await db.ProjectMembers.Where(m => m.ProjectId == projectId && m.UserId == userId).ExecuteDeleteAsync(ct);
        // Their live reservations go back into the pool at once.
        await db.Reservations.Where(r => r.ProjectId == projectId && r.UserId == userId).ExecuteDeleteAsync(ct);
        if (removed > 0)
        {
            await audit.AddAsync(db, AuditActions.MemberRemoved, actor, AuditTarget.User(userId), projectId: projectId, ct: ct);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<LabelConfigVersion>> ListConfigVersionsAsync(long projectId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.LabelConfigVersions.AsNoTracking().Where(v => v.ProjectId == projectId)
            .OrderByDescending(v => v.Version).ToListAsync(ct);
    }

    private static async Task EnsureTasksFitAsync(AppDbContext db, long projectId, IReadOnlyList<string> fields,
        CancellationToken ct)
    {
        // Tasks store their data as JSON text; checking a sample keeps a config change from orphaning the data.
        var sample = await db.Tasks.AsNoTracking().Where(t => t.ProjectId == projectId)
            .OrderBy(t => t.Id).Select(t => new { t.Id, t.DataJson }).Take(200).ToListAsync(ct);
        var errors = new List<string>();
        foreach (var task in sample)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(task.DataJson);
            foreach (var field in fields)
            {
                if (!doc.RootElement.TryGetProperty(field, out _))
                {
                    errors.Add($"Task {task.Id} has no field \"{field}\", which the new configuration reads.");
                }
            }
            if (errors.Count >= 20) break;
        }
        if (errors.Count > 0) throw new DomainValidationException(errors);
    }

    private static IEnumerable<string> ValidateDraft(ProjectDraft draft)
    {
        var name = draft.Name?.Trim() ?? "";
        if (name.Length is < 3 or > 200) yield return "The project name must be 3 to 200 characters long.";
        if ((draft.Description?.Length ?? 0) > 4000) yield return "The description must be at most 4000 characters.";
        if (string.IsNullOrWhiteSpace(draft.LabelConfigXml)) yield return "The labeling configuration is empty.";
        foreach (var e in draft.Settings.Validate()) yield return e;
    }

    internal static void RequireAdmin(Actor actor)
    {
        if (!actor.IsAdmin) throw new AccessDeniedException("Only administrators can do this.");
    }
}
