namespace LabelStudio.Core.Import;

/// <summary>
/// One task read from an import file, in Label Studio's shape. <see cref="Line"/> is the 1-based line where the
/// task starts; <see cref="DataJson"/> is the compact JSON of the task's <c>data</c> object and
/// <see cref="DataKeys"/> its top-level keys, in file order. <see cref="ContentHash"/> is the data's
/// <see cref="DataValidation.TaskContentHash"/> when the reader computed it from what it parsed (JSON formats).
/// </summary>
public sealed record ImportedTask(
    int Line,
    string DataJson,
    IReadOnlyList<string> DataKeys,
    IReadOnlyList<ImportedAnnotation> Annotations,
    IReadOnlyList<ImportedPrediction> Predictions,
    string? MetaJson)
{
    public long? ContentHash { get; init; }
}

/// <summary>
/// An annotation imported with a task. <see cref="ResultJson"/> is the compact JSON of its <c>result</c> (a
/// Label Studio result array; <c>[]</c> when absent). <see cref="CompletedBy"/> is the author as given: the user id (also
/// from a user object), else the e-mail; <see cref="AuthorName"/> the e-mail or name a user object carries.
/// <see cref="GroundTruth"/> is Label Studio's <c>ground_truth</c> flag: the annotation is a known-true answer (the
/// import stores it as the task's gold answer as well).
/// </summary>
public sealed record ImportedAnnotation(
    string ResultJson,
    double? LeadTimeSeconds,
    bool WasCancelled,
    string? CompletedBy,
    DateTime? CreatedAt,
    bool GroundTruth = false,
    string? AuthorName = null);

/// <summary>A prediction (pre-annotation) imported with a task; <see cref="ResultJson"/> as for annotations.</summary>
public sealed record ImportedPrediction(string ResultJson, double? Score, string? ModelVersion);

/// <summary>A problem with one task of an import file; <see cref="Field"/> names the data key or JSON path concerned.</summary>
public sealed record ImportError(int Line, string? Field, string Message)
{
    /// <summary>Formats as <c>line 12, field "text": message</c> (or <c>line 12: message</c> without a field).</summary>
    public override string ToString() =>
        Field is null ? $"line {Line}: {Message}" : $"line {Line}, field \"{Field}\": {Message}";
}

/// <summary>What the reader produced for one task: exactly one of <see cref="Task"/> and <see cref="Error"/> is set.</summary>
public readonly record struct ImportRecord(ImportedTask? Task, ImportError? Error)
{
    /// <summary>True when this record is a task.</summary>
    public bool IsTask => Task is not null;

    /// <summary>A record holding a task.</summary>
    public static ImportRecord FromTask(ImportedTask task) => new(task, null);

    /// <summary>A record holding a row-level error.</summary>
    public static ImportRecord FromError(int line, string? field, string message) => new(null, new ImportError(line, field, message));
}

/// <summary>
/// The import file as a whole cannot be read (invalid UTF-8, broken JSON, empty file, unusable CSV header).
/// <see cref="Line"/> is the 1-based line of the problem when known; the message already mentions it.
/// </summary>
public sealed class ImportFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ImportFormatException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ImportFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ImportFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a problem at <paramref name="line"/>.</summary>
    public ImportFormatException(string message, int? line, Exception? innerException = null)
        : base(message, innerException)
    {
        Line = line;
    }

    /// <summary>The 1-based line of the problem, when known.</summary>
    public int? Line { get; }

    /// <summary>The 1-based byte position in <see cref="Line"/>, when known (broken JSON).</summary>
    public int? Position { get; init; }
}
