namespace LabelStudio.Data.Datasets.Formats;

/// <summary>One task of a version as the format writers see it: its data, lineage, frozen final labels and, for the
/// formats that need them, its annotations and predictions as they were when the version was made.</summary>
/// <param name="StoredLabels">The frozen labels as the build stores them (the UTF-8 JSON array of <see cref="Labels"/>, in
/// the same order), on the rows of the build's own pass: a writer may copy a label from it instead of writing it again.</param>
public sealed record DatasetRow(long TaskId, string? ExternalKey, string DataJson, string? MetaJson, DateTime CreatedAt,
    long? ImportBatchId, int SourceIndex, string Split, string State, IReadOnlyList<FrozenLabel> Labels,
    IReadOnlyList<ExportAnnotation> Annotations, IReadOnlyList<ExportPrediction> Predictions, byte[]? StoredLabels = null);

/// <summary>A current annotation (not superseded at the version's watermark).</summary>
/// <param name="Author">The rater's user id, or an imported annotation's author as the file named it.</param>
/// <param name="AuthorEmail">The rater's e-mail (null for imported authors).</param>
public sealed record ExportAnnotation(long Id, string? Author, string? AuthorEmail, string ResultJson, bool WasSkipped, DateTime CreatedAt,
    double? LeadTimeSeconds, int ConfigVersion, bool Imported);

public sealed record ExportPrediction(long Id, string ResultJson, double? Score, string? ModelVersion, DateTime CreatedAt);
