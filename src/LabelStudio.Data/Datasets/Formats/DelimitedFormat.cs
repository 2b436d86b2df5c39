using System.Text;

namespace LabelStudio.Data.Datasets.Formats;

/// <summary>CSV (RFC 4180 quoting) or TSV with a header row; lists and objects are JSON text in their cell.</summary>
public sealed class DelimitedFormat(char delimiter) : IDatasetFormat
{
    public string Name => delimiter == ',' ? "csv" : "tsv";
    public string Extension => Name;
    public string ContentType => delimiter == ',' ? "text/csv" : "text/tab-separated-values";

    public bool NeedsAnnotations(DatasetScope scope) => scope == DatasetScope.All;

    public async Task<int> WriteAsync(DatasetFormatContext context, IAsyncEnumerable<DatasetRow> rows, Stream output, CancellationToken ct)
    {
        var table = new FlatTable(context);
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        await writer.WriteLineAsync(string.Join(delimiter, table.Columns.Select(c => Quote(c.Name))));
        var count = 0;
        var line = new StringBuilder();
        await foreach (var row in rows.WithCancellation(ct))
        {
            foreach (var record in table.Records(row))
            {
                line.Clear();
                for (var i = 0; i < record.Length; i++)
                {
                    if (i > 0) line.Append(delimiter);
                    line.Append(Quote(FlatTable.Text(record[i])));
                }
                await writer.WriteLineAsync(line, ct);
                count++;
            }
        }
        await writer.FlushAsync(ct);
        return count;
    }

    private string Quote(string value) =>
        value.IndexOfAny([delimiter, '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
