using System.Text.Json;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Jobs;

/// <summary>
/// Starting, following and cancelling jobs. Administrators see and cancel every job; a project's leads may follow
/// (not cancel) the jobs of their projects; anyone else is told the job does not exist.
/// </summary>
public sealed class JobService(IDbContextFactory<AppDbContext> dbFactory, JobQueue queue, JobExecutor executor,
    WorkDirectories work, TimeProvider clock)
{
    /// <summary>
    /// Queues a job for this process's runner. <paramref name="spooledInput"/>, when given, is moved into the job's
    /// folder and deleted with it.
    /// </summary>
    public async Task<JobView> EnqueueAsync(string kind, long? projectId, Actor actor, string? fileName,
        string? spooledInput, object? parameters = null, CancellationToken ct = default)
    {
        var job = NewJob(kind, projectId, actor, fileName, spooledInput, parameters, JobState.Queued);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.Jobs.Add(job);
            await db.SaveChangesAsync(ct);
        }
        if (spooledInput is not null)
        {
            var directory = work.JobDirectory(job.Id);
            Directory.CreateDirectory(directory);
            File.Move(spooledInput, Path.Combine(directory, "input"), overwrite: true);
        }
        queue.Enqueue(job.Id);
        return JobView.From(job);
    }

    /// <summary>
    /// Runs a job now, in this process (the command line, the demo seeder): recorded like any other job, so a crash
    /// midway is cleaned up at the next start. <paramref name="inputPath"/> is read in place, never deleted.
    /// </summary>
    public async Task<JobView> RunInlineAsync(string kind, long? projectId, Actor actor, string? fileName, string? inputPath,
        object? parameters = null, Action<JobProgress>? progress = null, CancellationToken ct = default)
    {
        var job = NewJob(kind, projectId, actor, fileName, inputPath, parameters, JobState.Running);
        job.StartedAt = job.HeartbeatAt = job.CreatedAt;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.Jobs.Add(job);
            await db.SaveChangesAsync(ct);
        }
        var finished = await executor.ExecuteAsync(job, inputPath ?? "", progress, ct);
        queue.Forget(job.Id);
        return JobView.From(finished);
    }

    /// <summary>Waits until this process has run the job, then returns its final state.</summary>
    public async Task<JobView> WaitAsync(long jobId, CancellationToken ct)
    {
        await queue.WhenFinished(jobId).WaitAsync(ct);
        queue.Forget(jobId);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return JobView.From(await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == jobId, ct));
    }

    public async Task<JobView> GetAsync(long jobId, Actor actor, string? kind = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId && (kind == null || j.Kind == kind), ct)
                  ?? throw new NotFoundException($"Job {jobId} does not exist.");
        await RequireReadAsync(db, job.ProjectId, actor, $"Job {jobId}", ct);
        return JobView.From(job);
    }

    /// <summary>A project's jobs, newest first, optionally of one kind.</summary>
    public async Task<IReadOnlyList<JobView>> ListAsync(long projectId, Actor actor, string? kind = null, int take = 20,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct)) throw new NotFoundException($"Project {projectId} does not exist.");
        await RequireReadAsync(db, projectId, actor, $"Project {projectId}", ct);
        var jobs = await db.Jobs.AsNoTracking().Where(j => j.ProjectId == projectId && (kind == null || j.Kind == kind))
            .OrderByDescending(j => j.Id).Take(Math.Clamp(take, 1, 200)).ToListAsync(ct);
        return jobs.Select(JobView.From).ToList();
    }

    /// <summary>
    /// Cancels a queued job at once; a running one stops at its next chunk (in this process at once, in another
    /// process at its next progress report). What it wrote is discarded.
    /// </summary>
    public async Task<JobView> CancelAsync(long jobId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var job = await db.Jobs.FirstOrDefaultAsync(j => j.Id == jobId, ct) ?? throw new NotFoundException($"Job {jobId} does not exist.");
        await RequireReadAsync(db, job.ProjectId, actor, $"Job {jobId}", ct);
        if (!actor.IsAdmin) throw new AccessDeniedException("Only administrators can cancel jobs.");
        if (job.IsFinished) throw new ConflictException($"Job {jobId} has already finished ({job.State}).");

        var now = clock.GetUtcNow().UtcDateTime;
        var queuedCancelled = await db.Jobs.Where(j => j.Id == jobId && j.State == JobState.Queued).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, JobState.Cancelled)
            .SetProperty(j => j.CancelRequested, true)
            .SetProperty(j => j.CancelledById, actor.UserId)
            .SetProperty(j => j.Message, "Cancelled before it started.")
            .SetProperty(j => j.FinishedAt, now), ct);
        if (queuedCancelled == 1)
        {
            JobExecutor.DeleteDirectory(work.JobDirectory(jobId));
        }
        else
        {
            await db.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.CancelRequested, true)
                .SetProperty(j => j.CancelledById, actor.UserId), ct);
            queue.TryCancel(jobId);
        }
        return JobView.From(await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == jobId, ct));
    }

    /// <summary>Marks this process's unfinished jobs alive (read by servers on other machines).</summary>
    public async Task HeartbeatAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var owner = JobOwner.Current;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Jobs.Where(j => j.Owner == owner && (j.State == JobState.Queued || j.State == JobState.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.HeartbeatAt, now), ct);
    }

    internal static async Task RequireReadAsync(AppDbContext db, long? projectId, Actor actor, string what, CancellationToken ct)
    {
        if (actor.IsAdmin) return;
        var userId = actor.RequireUserId();
        var role = projectId is { } id
            ? await db.ProjectMembers.AsNoTracking().Where(m => m.ProjectId == id && m.UserId == userId)
                .Select(m => (ProjectRole?)m.Role).FirstOrDefaultAsync(ct)
            : null;
        switch (role)
        {
            case null:
                throw new NotFoundException($"{what} does not exist.");
            case ProjectRole.Lead:
                return;
            default:
                throw new AccessDeniedException("Only administrators and the project's leads can follow its imports and ingests.");
        }
    }

    private Job NewJob(string kind, long? projectId, Actor actor, string? fileName, string? input, object? parameters, JobState state) => new()
    {
        Kind = kind, ProjectId = projectId, CreatedById = actor.UserId, State = state,
        FileName = fileName is null ? null : Truncate(Path.GetFileName(fileName), 400),
        InputBytes = input is not null && File.Exists(input) ? new FileInfo(input).Length : null,
        ParametersJson = parameters is null ? "{}" : JsonSerializer.Serialize(parameters, JobOutcome.Json),
        CreatedAt = clock.GetUtcNow().UtcDateTime, Owner = JobOwner.Current,
    };

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
