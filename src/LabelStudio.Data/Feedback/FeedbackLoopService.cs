using LabelStudio.Data.Audit;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Jobs;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Feedback;

/// <summary>
/// The continuous loop around the accumulated evidence (administrators): recompute the labels on demand (after a seed
/// or target change) and roll an ingest back (its evidence stops counting, the labels are recomputed without it, and
/// its file can be ingested again). Both run as a <c>click-recompute</c> job with progress.
/// </summary>
public sealed class FeedbackLoopService(IDbContextFactory<AppDbContext> dbFactory, JobService jobs, AuditLog audit, TimeProvider clock)
{
    /// <summary>Starts a recompute of the project's labels from all its evidence.</summary>
    public async Task<JobView> RecomputeAsync(long projectId, Actor actor, CancellationToken ct = default)
    {
        ProjectService.RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await RequireEvidenceAsync(db, projectId, ct);
        var job = await jobs.EnqueueAsync(FeedbackGenerationService.RecomputeJobKind, projectId, actor, "recompute", null, null, ct);
        await audit.RecordAsync(AuditActions.FeedbackRecomputed, actor, AuditTarget.Project(projectId), $"job {job.Id}", projectId, ct);
        return job;
    }

    /// <summary>Rolls an ingest back and starts the recompute that takes its evidence out of the labels.</summary>
    public async Task<JobView> RollbackAsync(long projectId, long ingestId, Actor actor, CancellationToken ct = default)
    {
        ProjectService.RequireAdmin(actor);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct)) throw new NotFoundException($"Project {projectId} does not exist.");
            var ingest = await db.FeedbackIngests.FirstOrDefaultAsync(i => i.Id == ingestId && i.ProjectId == projectId, ct)
                         ?? throw new NotFoundException($"Ingest {ingestId} does not exist in project {projectId}.");
            if (ingest.Kind != FeedbackIngest.IngestKind) throw new DomainValidationException($"#{ingestId} is a recompute, not an ingest: only ingests can be rolled back.");
            if (ingest.State != FeedbackIngestState.Succeeded)
            {
                throw new DomainValidationException($"Ingest #{ingestId} is {ingest.State.ToString().ToLowerInvariant()}: only a succeeded ingest can be rolled back.");
            }
            var updated = await db.FeedbackIngests.Where(i => i.Id == ingestId && i.State == FeedbackIngestState.Succeeded)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.State, FeedbackIngestState.RolledBack)
                    .SetProperty(i => i.RolledBackAt, clock.GetUtcNow().UtcDateTime)
                    .SetProperty(i => i.RolledBackById, actor.UserId), ct);
            if (updated == 0) throw new DomainValidationException($"Ingest #{ingestId} was rolled back already.");
            await audit.AddAsync(db, AuditActions.FeedbackRolledBack, actor, AuditTarget.FeedbackIngest(ingestId),
                $"{ingest.FileName} (sha256 {ingest.Sha256[..Math.Min(12, ingest.Sha256.Length)]})", projectId, ct);
            await db.SaveChangesAsync(ct);
        }
        return await jobs.EnqueueAsync(FeedbackGenerationService.RecomputeJobKind, projectId, actor, $"rollback of #{ingestId}", null, null, ct);
    }

    private static async Task RequireEvidenceAsync(AppDbContext db, long projectId, CancellationToken ct)
    {
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct)) throw new NotFoundException($"Project {projectId} does not exist.");
        if (!await db.FeedbackIngests.AnyAsync(i => i.ProjectId == projectId && i.Kind == FeedbackIngest.IngestKind
                                                    && i.State == FeedbackIngestState.Succeeded, ct))
        {
            throw new DomainValidationException("There is no click evidence to recompute from: ingest a click log first.");
        }
    }
}
