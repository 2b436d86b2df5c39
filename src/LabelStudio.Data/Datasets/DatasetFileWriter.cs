using LabelStudio.Data.Database;
using LabelStudio.Data.Datasets.Formats;
using LabelStudio.Data.Jobs;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;
using System.Text.Json;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// Writes one format of a version: streams its rows into a temporary file of the job, hashing as it goes, flushes it
/// to disk and renames it into place. Only then is the <see cref="DatasetFile"/> row added (by the caller, in its
/// transaction), so a crash at any point leaves either the whole file or nothing a user can see.
/// </summary>
public sealed class DatasetFileWriter(DatasetStorage storage, LabelingConfigCache configs, TimeProvider clock)
{
    public async Task<DatasetFormatContext> ContextAsync(AppDbContext db, DatasetVersion version, CancellationToken ct)
    {
        var xml = await db.LabelConfigVersions.AsNoTracking()
            .Where(c => c.ProjectId == version.ProjectId && c.Version == version.ConfigVersion).Select(c => c.Xml).FirstOrDefaultAsync(ct)
            ?? await db.Projects.AsNoTracking().Where(p => p.Id == version.ProjectId).Select(p => p.LabelConfigXml).FirstAsync(ct);
        var config = configs.Get(version.ProjectId, version.ConfigVersion, xml);
        var fields = JsonSerializer.Deserialize<List<string>>(version.DataFieldsJson) ?? [];
        return new DatasetFormatContext(version.Id, version.Number, version.Scope, version.ConfigVersion, config, fields);
    }

    public async Task<DatasetFile> WriteAsync(AppDbContext db, DatasetVersion version, IDatasetFormat format, JobRun run, long total,
        CancellationToken ct)
    {
        var context = await ContextAsync(db, version, ct);
        if (format.Unsupported(context) is { } why) throw new Common.DomainValidationException([why]);
        var done = 0L;
        var stage = $"writing {format.Name}";
        return await WriteAsync(version, format, context, run.JobId,
            Progress(DatasetRowReader.ReadAsync(db, storage, version, format.NeedsAnnotations(version.Scope), ct)), ct);

        async IAsyncEnumerable<DatasetRow> Progress(IAsyncEnumerable<DatasetRow> rows)
        {
            await foreach (var row in rows)
            {
                yield return row;
                if (++done % DatasetRowReader.Chunk == 0) await run.ReportAsync(stage, done, total);
            }
        }
    }

    /// <summary>Writes the rows into a temporary file of the job, hashing as it goes, and renames it into place.</summary>
    public Task<DatasetFile> WriteAsync(DatasetVersion version, IDatasetFormat format, DatasetFormatContext context, long jobId,
        IAsyncEnumerable<DatasetRow> rows, CancellationToken ct) =>
        WriteFileAsync(version.Id, format.Name, storage.FilePath(version.Id, format), jobId, output => format.WriteAsync(context, rows, output, ct), ct);

    /// <summary>
    /// Writes a file of a version through <paramref name="write"/> (which returns its record count) into a temporary file of
    /// the job, hashing as it goes, flushes it to disk and renames it to <paramref name="path"/>.
    /// </summary>
    internal async Task<DatasetFile> WriteFileAsync(long versionId, string formatName, string path, long jobId, Func<Stream, Task<int>> write,
        CancellationToken ct)
    {
        Directory.CreateDirectory(storage.VersionDirectory(versionId));
        var part = storage.PartPath(versionId, formatName, jobId);
        int records;
        string sha;
        long size;
        await using (var file = new FileStream(part, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            await using var hashing = new HashingWriteStream(file);
            records = await write(hashing);
            await hashing.FlushAsync(ct);
            file.Flush(flushToDisk: true);
            sha = hashing.HashHex();
            size = hashing.BytesWritten;
        }
        File.Move(part, path, overwrite: true);
        return new DatasetFile
        {
            DatasetVersionId = versionId, Format = formatName, Sha256 = sha, SizeBytes = size, RowCount = records,
            CreatedAt = clock.GetUtcNow().UtcDateTime, JobId = jobId,
        };
    }
}
