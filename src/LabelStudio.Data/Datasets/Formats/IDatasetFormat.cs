namespace LabelStudio.Data.Datasets.Formats;

/// <summary>
/// One file format of a dataset version. Writers stream: they see one row at a time and keep nothing but the row in
/// hand (the JSON array formats write their brackets around the stream). Output depends only on the rows and the
/// context, in invariant culture, so the same version always gives the same bytes.
/// </summary>
public interface IDatasetFormat
{
    /// <summary>The name in URLs and on the command line: json, json-min, jsonl, csv, tsv, conll, parquet.</summary>
    string Name { get; }

    string Extension { get; }

    string ContentType { get; }

    /// <summary>Whether rows must carry annotations and predictions (the raw formats and scope All).</summary>
    bool NeedsAnnotations(DatasetScope scope);

    /// <summary>Whether the format can be written while the version is being frozen, row by row as each task is derived:
    /// it must not need annotations nor the version's data field list (known only at the end).</summary>
    bool StreamsWhileBuilding(DatasetScope scope) => false;

    /// <summary>Why the format does not fit the project (CoNLL without span labels), or null when it does.</summary>
    string? Unsupported(DatasetFormatContext context) => null;

    /// <summary>Writes the rows; returns how many records (lines, rows, tasks) the file holds.</summary>
    Task<int> WriteAsync(DatasetFormatContext context, IAsyncEnumerable<DatasetRow> rows, Stream output, CancellationToken ct);
}
