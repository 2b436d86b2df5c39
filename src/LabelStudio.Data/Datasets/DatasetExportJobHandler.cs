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
    DatasetClickLabelFile clickLabels, WriteLock writeLock) : IJobHandler
{
    public string Kind => DatasetService.ExportJobKind;

    public async Task<JobOutcome> RunAsync(JobRun run, CancellationToken ct)
    {
        var parameters = run.Parameters<DatasetJobParameters>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var version = await db.DatasetVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == parameters.VersionId, ct);
        if (version is not { State: DatasetState.Ready }) return JobOutcome.Failed($"Dataset version {parameters.VersionId} is not ready.");
        var name = parameters.Formats.FirstOrDefault();
        var format = DatasetFormats.Find(name);
        var clickFile = name == DatasetClickLabelFile.Format;
        if (format is null && !clickFile) return JobOutcome.Failed("No such format.");
        name = format?.Name ?? DatasetClickLabelFile.Format;
        var existing = await db.DatasetFiles.AsNoTracking().FirstOrDefaultAsync(f => f.DatasetVersionId == version.Id && f.Format == name, ct);
        if (existing is not null && File.Exists(format is null ? clickLabels.Path(version.Id) : storage.FilePath(version.Id, format)))
        {
            return JobOutcome.Succeeded($"Version {version.Number} as {name} was written already.", new { versionId = version.Id, format = name, existing.Sha256 });
        }
        DatasetFile file;
        if (format is not null) file = await files.WriteAsync(db, version, format, run, version.TaskCount, ct);
        else if (await DatasetClickInputs.SnapshotOfAsync(db, version, ct) is { } snapshot) file = await clickLabels.WriteAsync(version, snapshot, run.JobId, ct);
        else return JobOutcome.Failed($"Version {version.Number} has no click labels.");
        ct.ThrowIfCancellationRequested();
        using (await writeLock.EnterBulkAsync(WriteHolder.Dataset, ct))
        {
            if (existing is null)
            {
                db.DatasetFiles.Add(file);
                await db.SaveChangesAsync(ct);
            }
        }
        return JobOutcome.Succeeded($"Version {version.Number} written as {name}: {file.RowCount:N0} records.",
            new { versionId = version.Id, format = name, file.Sha256, file.SizeBytes, file.RowCount });
    }

    public Task AbandonAsync(AppDbContext db, long jobId, string reason, CancellationToken ct)
    {
        storage.DeleteParts(jobId);
        return Task.CompletedTask;
    }
}
