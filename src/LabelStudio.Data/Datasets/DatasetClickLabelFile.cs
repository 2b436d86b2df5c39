using LabelStudio.Data.Feedback;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// The click-label file of a version: the project's full click-label export (<see cref="FeedbackLabelExporter"/>, TSV) as
/// of the snapshot the version recorded, written like the other files (temporary name, hashed, renamed into place); the
/// caller adds the <see cref="DatasetFile"/> row.
/// </summary>
public sealed class DatasetClickLabelFile(FeedbackLabelExporter exporter, DatasetFileWriter files, DatasetStorage storage)
{
    /// <summary>Its name among a version's files, in the API and on the command line.</summary>
    public const string Format = "click-labels";
    public const string ContentType = "text/tab-separated-values";
    private const string StoredName = "click-labels.tsv";

    public string Path(long versionId) => storage.FilePath(versionId, StoredName);

    public static string DownloadName(DatasetVersion version) => $"project-{version.ProjectId}-dataset-v{version.Number}-{StoredName}";

    public Task<DatasetFile> WriteAsync(DatasetVersion version, ClickLabelSnapshot snapshot, long jobId, CancellationToken ct) =>
        files.WriteFileAsync(version.Id, Format, Path(version.Id), jobId,
            output => exporter.WriteAsync(version.ProjectId, "tsv", output, snapshot, ct), ct);

    /// <summary>The SHA-256 and row count the snapshot exports today, written nowhere (a reproduction's check).</summary>
    public async Task<(string Sha256, int Rows)> HashAsync(DatasetVersion version, ClickLabelSnapshot snapshot, CancellationToken ct)
    {
        await using var hashing = new HashingWriteStream(Stream.Null);
        var rows = await exporter.WriteAsync(version.ProjectId, "tsv", hashing, snapshot, ct);
        await hashing.FlushAsync(ct);
        return (hashing.HashHex(), rows);
    }
}
