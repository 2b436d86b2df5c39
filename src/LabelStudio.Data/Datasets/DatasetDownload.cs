using LabelStudio.Data.Jobs;

namespace LabelStudio.Data.Datasets;

/// <summary>A file ready to serve (<see cref="Path"/>), or the job writing it (<see cref="Job"/>).</summary>
public sealed record DatasetDownload(string? Path, string FileName, string ContentType, string? Sha256, JobView? Job);
