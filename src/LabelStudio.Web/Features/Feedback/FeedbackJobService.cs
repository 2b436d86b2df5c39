using System.Collections.Concurrent;
using LabelStudio.Data.Common;
using LabelStudio.Data.Feedback;
using LabelStudio.Feedback.Ingest;

namespace LabelStudio.Web.Features.Feedback;

public enum FeedbackJobState { Running, Succeeded, Failed }

/// <summary>A background click-log ingest of one spooled upload; observed by the page (progress bar) and the API.</summary>
public sealed class FeedbackJob
{
    public required Guid Id { get; init; }
    public required long ProjectId { get; init; }
    public required string FileName { get; init; }
    public required long TotalBytes { get; init; }
    public DateTime StartedAt { get; init; } = DateTime.UtcNow;
    public FeedbackJobState State { get; internal set; } = FeedbackJobState.Running;
    public FeedbackProgress Progress { get; internal set; } = new("queued", 0, 0);
    public FeedbackIngestResult? Result { get; internal set; }
    public string? Failure { get; internal set; }
    public DateTime? FinishedAt { get; internal set; }

    /// <summary>Raised on progress and on completion, from a background thread.</summary>
    public event Action<FeedbackJob>? Changed;

    internal void RaiseChanged() => Changed?.Invoke(this);
}

/// <summary>Runs click-log ingests in the background from a spooled file (the same pattern as imports).</summary>
public sealed class FeedbackJobService(IServiceScopeFactory scopes, ILogger<FeedbackJobService> logger)
{
    private readonly ConcurrentDictionary<Guid, FeedbackJob> _jobs = new();

    public FeedbackJob? Get(Guid id) => _jobs.GetValueOrDefault(id);

    public IReadOnlyList<FeedbackJob> ForProject(long projectId) =>
        _jobs.Values.Where(j => j.ProjectId == projectId).OrderByDescending(j => j.StartedAt).ToList();

    /// <summary>Starts ingesting <paramref name="spoolPath"/>, which the job deletes when it is done.</summary>
    public FeedbackJob Start(long projectId, string spoolPath, string fileName, ClickLogFormat format, Actor actor)
    {
        var length = new FileInfo(spoolPath).Length;
        var job = new FeedbackJob
        {
            Id = Guid.NewGuid(), ProjectId = projectId, FileName = fileName, TotalBytes = length,
            Progress = new FeedbackProgress("queued", 0, length),
        };
        _jobs[job.Id] = job;
        _ = Task.Run(() => RunAsync(job, spoolPath, format, actor));
        return job;
    }

    /// <summary>Runs an ingest in the caller's request (the synchronous API).</summary>
    public async Task<FeedbackIngestResult> RunNowAsync(long projectId, string spoolPath, string fileName, ClickLogFormat format,
        Actor actor, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<FeedbackService>();
            return await Task.Run(() => service.IngestFileAsync(projectId, spoolPath, fileName, format, actor, null, ct), ct);
        }
        finally
        {
            File.Delete(spoolPath);
        }
    }

    private async Task RunAsync(FeedbackJob job, string spoolPath, ClickLogFormat format, Actor actor)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<FeedbackService>();
            var progress = new Progress<FeedbackProgress>(p =>
            {
                job.Progress = p;
                job.RaiseChanged();
            });
            job.Result = await service.IngestFileAsync(job.ProjectId, spoolPath, job.FileName, format, actor, progress);
            job.State = FeedbackJobState.Succeeded;
        }
        catch (Exception e) when (e is DomainValidationException or NotFoundException or AccessDeniedException)
        {
            job.Failure = e.Message;
            job.State = FeedbackJobState.Failed;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Click-log ingest of {File} into project {Project} failed", job.FileName, job.ProjectId);
            job.Failure = "The ingest failed because of an internal error; nothing was stored. It is safe to try again.";
            job.State = FeedbackJobState.Failed;
        }
        finally
        {
            job.FinishedAt = DateTime.UtcNow;
            File.Delete(spoolPath);
            job.RaiseChanged();
        }
    }
}
