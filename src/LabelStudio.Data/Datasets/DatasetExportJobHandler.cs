using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Datasets.Formats;
using LabelStudio.Data.Jobs;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// Runs <c>dataset-export</c> jobs: writes one more format of a ready version (the file is renamed into place when
/// complete and only then recorded; a job that dies leaves its temporary file, deleted when it is abandoned).
/// </summary>
internal sealed class DatasetExportJobHandler(IDbContextFactory<AppDbContext> dbFactory, DatasetFileWriter files, DatasetStorage storage,
    WriteLock writeLock) : IJobHandler
{
    public string Kind => DatasetService.ExportJobKind;

    public async Task<JobOutcome> RunAsync(JobRun run, CancellationToken ct)
    {
        var parameters = run.Parameters<DatasetJobParameters>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var version = await db.DatasetVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == parameters.VersionId, ct);
        if (version is not { State: DatasetState.Ready }) return JobOutcome.Failed($"Dataset version {parameters.VersionId} is not ready.");
        var format = DatasetFormats.Find(parameters.Formats.FirstOrDefault());
        if (format is null) return JobOutcome.Failed("No such format.");
        var existing = await db.DatasetFiles.AsNoTracking().FirstOrDefaultAsync(f => f.DatasetVersionId == version.Id && f.Format == format.Name, ct);
        if (existing is not null && File.Exists(storage.FilePath(version.Id, format)))
        {
            return JobOutcome.Succeeded($"Version {version.Number} as {format.Name} was written already.", new { versionId = version.Id, format = format.Name, existing.Sha256 });
        }
        var file = await files.WriteAsync(db, version, format, run, version.TaskCount, ct);
        ct.ThrowIfCancellationRequested();
        using (await writeLock.EnterBulkAsync(WriteHolder.Dataset, ct))
        {
            if (existing is null)
            {
                db.DatasetFiles.Add(file);
                await db.SaveChangesAsync(ct);
            }
        }
        return JobOutcome.Succeeded($"Version {version.Number} written as {format.Name}: {file.RowCount:N0} records.",
            new { versionId = version.Id, format = format.Name, file.Sha256, file.SizeBytes, file.RowCount });
    }

    public Task AbandonAsync(AppDbContext db, long jobId, string reason, CancellationToken ct)
    {
        storage.DeleteParts(jobId);
        return Task.CompletedTask;
    }
}
