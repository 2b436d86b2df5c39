using System.Collections.Concurrent;
using LabelStudio.Data.Common;
using LabelStudio.Data.Import;

namespace LabelStudio.Web.Features.Import;

/// <summary>
/// Runs imports in the background from a spooled file. An import is all-or-nothing, so a failed or interrupted one
/// can simply be run again.
/// </summary>
public sealed class ImportJobService(IServiceScopeFactory scopes, ILogger<ImportJobService> logger)
{
    private readonly ConcurrentDictionary<Guid, ImportJob> _jobs = new();

    public ImportJob? Get(Guid id) => _jobs.GetValueOrDefault(id);

    public IReadOnlyList<ImportJob> ForProject(long projectId) =>
        _jobs.Values.Where(j => j.ProjectId == projectId).OrderByDescending(j => j.StartedAt).ToList();

    /// <summary>Starts importing <paramref name="spoolPath"/>, which the job deletes when it is done.</summary>
    public ImportJob Start(long projectId, string spoolPath, string fileName, Actor actor)
    {
        var job = new ImportJob
        {
            Id = Guid.NewGuid(), ProjectId = projectId, FileName = fileName, TotalBytes = new FileInfo(spoolPath).Length,
        };
        _jobs[job.Id] = job;
        _ = Task.Run(() => RunAsync(job, spoolPath, actor));
        return job;
    }

    /// <summary>Runs an import in the caller's request and returns its outcome (the synchronous API).</summary>
    public async Task<ImportOutcome> RunNowAsync(long projectId, string spoolPath, string fileName, Actor actor,
        CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<ImportService>();
            await using var file = OpenSpool(spoolPath);
            return await Task.Run(() => service.ImportAsync(projectId, file, fileName, file.Length, actor, null, ct), ct);
        }
        finally
        {
            File.Delete(spoolPath);
        }
    }

    private async Task RunAsync(ImportJob job, string spoolPath, Actor actor)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<ImportService>();
            await using var file = OpenSpool(spoolPath);
            var progress = new Progress<ImportProgress>(p =>
            {
                job.Progress = p;
                job.RaiseChanged();
            });
            job.Outcome = await service.ImportAsync(job.ProjectId, file, job.FileName, job.TotalBytes, actor, progress);
            job.State = job.Outcome.Succeeded ? ImportJobState.Succeeded : ImportJobState.Failed;
        }
        catch (Exception e) when (e is DomainValidationException or NotFoundException or AccessDeniedException)
        {
            job.Failure = e.Message;
            job.State = ImportJobState.Failed;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Import of {File} into project {Project} failed", job.FileName, job.ProjectId);
            job.Failure = "The import failed because of an internal error; nothing was imported. It is safe to try again.";
            job.State = ImportJobState.Failed;
        }
        finally
        {
            job.FinishedAt = DateTime.UtcNow;
            File.Delete(spoolPath);
            job.RaiseChanged();
        }
    }

    private static FileStream OpenSpool(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);

    /// <summary>Copies an upload to a temporary file so the import can read it at its own pace (and twice if needed).</summary>
    public static async Task<string> SpoolAsync(Stream upload, long maxBytes, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"labelstudio-import-{Guid.NewGuid():N}.upload");
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16,
                FileOptions.Asynchronous);
            var buffer = new byte[1 << 16];
            long total = 0;
            int n;
            while ((n = await upload.ReadAsync(buffer, ct)) > 0)
            {
                total += n;
                if (total > maxBytes)
                {
                    throw new DomainValidationException($"The file is larger than the {maxBytes / (1024 * 1024)} MB limit.");
                }
                await file.WriteAsync(buffer.AsMemory(0, n), ct);
            }
            return path;
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }
}
