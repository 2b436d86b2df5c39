using System.Globalization;
using LabelStudio.Data.Datasets.Formats;
using LabelStudio.Data.Jobs;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// Where version files live: <c>datasets/{version}/</c> beside the jobs' work folder. A file is written under a
/// temporary name of its job and renamed when complete, so a reader never sees half a file; the temporary files of a
/// job that died are deleted when it is abandoned.
/// </summary>
public sealed class DatasetStorage(WorkDirectories work)
{
    public string Root => Path.Combine(Path.GetDirectoryName(work.Root) ?? work.Root, "datasets");

    public string VersionDirectory(long versionId) => Path.Combine(Root, versionId.ToString(CultureInfo.InvariantCulture));

    public string FilePath(long versionId, IDatasetFormat format) => FilePath(versionId, $"dataset.{format.Extension}");

    public string FilePath(long versionId, string fileName) => Path.Combine(VersionDirectory(versionId), fileName);

    public string PartPath(long versionId, IDatasetFormat format, long jobId) => PartPath(versionId, format.Name, jobId);

    public string PartPath(long versionId, string name, long jobId) =>
        Path.Combine(VersionDirectory(versionId), $".{name}.{jobId.ToString(CultureInfo.InvariantCulture)}.part");

    /// <summary>Deletes what a job left half-written.</summary>
    public void DeleteParts(long jobId)
    {
        if (!Directory.Exists(Root)) return;
        foreach (var part in Directory.EnumerateFiles(Root, $"*.{jobId.ToString(CultureInfo.InvariantCulture)}.part", SearchOption.AllDirectories))
        {
            File.Delete(part);
        }
    }

    public void DeleteVersion(long versionId)
    {
        var directory = VersionDirectory(versionId);
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}
