namespace LabelStudio.Core.Import;

/// <summary>
/// Bounds on one record of an import file. The file as a whole may be large (it is streamed); a single task, line or
/// row beyond these is refused with its line rather than held in memory.
/// </summary>
public sealed record ImportLimits
{
    public const int DefaultMaxRecordBytes = 16 << 20;

    public static ImportLimits Default { get; } = new();

    /// <summary>Largest task: one JSON object, one JSON Lines line or one CSV/TSV row, in bytes (characters for CSV).</summary>
    public int MaxRecordBytes { get; init; } = DefaultMaxRecordBytes;

    /// <summary>Deepest nesting of JSON objects and arrays (the array around the tasks counts as a level).</summary>
    public int MaxJsonDepth { get; init; } = 64;

    /// <summary>Most columns in a CSV or TSV file.</summary>
    public int MaxColumns { get; init; } = 1000;

    internal string RecordSizeText => MaxRecordBytes >= 1 << 20 && MaxRecordBytes % (1 << 20) == 0
        ? $"{MaxRecordBytes >> 20} MB"
        : $"{MaxRecordBytes:N0} bytes";
}
