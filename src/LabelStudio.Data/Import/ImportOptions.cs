using LabelStudio.Core.Import;

namespace LabelStudio.Data.Import;

/// <summary>The <c>Import</c> configuration section.</summary>
public sealed class ImportOptions
{
    public const string Section = "Import";

    /// <summary>Largest import file accepted, in bytes.</summary>
    public long MaxUploadBytes { get; set; } = 1L << 30;

    /// <summary>Largest single task (one JSON object, line or row), in bytes.</summary>
    public int MaxRecordBytes { get; set; } = ImportLimits.DefaultMaxRecordBytes;

    public ImportLimits Limits => new() { MaxRecordBytes = MaxRecordBytes };

    internal static IEnumerable<string> Validate(ImportOptions o)
    {
        if (o.MaxUploadBytes < 1) yield return "Import:MaxUploadBytes must be a positive number of bytes.";
        if (o.MaxRecordBytes is < 1024 or > 1 << 30) yield return "Import:MaxRecordBytes must be 1024 to 1073741824 bytes.";
    }
}
