using Parquet;
using Parquet.Schema;

namespace LabelStudio.Data.Datasets.Formats;

/// <summary>
/// Parquet with typed columns (the flat shape of <see cref="FlatTable"/>): ids and counts as integers, agreement and
/// posterior as doubles, labels and lists as JSON text. Written in row groups of <see cref="RowGroupSize"/> records, so
/// memory stays bounded whatever the size of the version (a group's records are held boxed until written: 10,000 keep
/// that to a few tens of MB where 50,000 took the process over its 300 MB budget on a million tasks).
/// </summary>
public sealed class ParquetFormat : IDatasetFormat
{
    public const int RowGroupSize = 10_000;

    public string Name => "parquet";
    public string Extension => "parquet";
    public string ContentType => "application/vnd.apache.parquet";

    public bool NeedsAnnotations(DatasetScope scope) => scope == DatasetScope.All;

    public async Task<int> WriteAsync(DatasetFormatContext context, IAsyncEnumerable<DatasetRow> rows, Stream output, CancellationToken ct)
    {
        var table = new FlatTable(context);
        var fields = table.Columns.Select(Field).ToArray();
        var schema = new ParquetSchema(fields);
        var buffer = new List<object?[]>(RowGroupSize);
        var count = 0;
        await using (var writer = await ParquetWriter.CreateAsync(schema, output, cancellationToken: ct))
        {
            await foreach (var row in rows.WithCancellation(ct))
            {
                foreach (var record in table.Records(row))
                {
                    buffer.Add(record);
                    count++;
                }
                if (buffer.Count >= RowGroupSize)
                {
                    await WriteGroupAsync(writer, table, fields, buffer, ct);
                    buffer.Clear();
                }
            }
            if (buffer.Count > 0 || count == 0) await WriteGroupAsync(writer, table, fields, buffer, ct);
        }
        return count;
    }

    private static DataField Field(FlatColumn column) => column.Type switch
    {
        FlatType.Long => new DataField<long?>(column.Name),
        FlatType.Int => new DataField<int?>(column.Name),
        FlatType.Double => new DataField<double?>(column.Name),
        _ => new DataField<string>(column.Name, true),
    };

    private static async Task WriteGroupAsync(ParquetWriter writer, FlatTable table, DataField[] fields, List<object?[]> records,
        CancellationToken ct)
    {
        using var group = writer.CreateRowGroup();
        for (var c = 0; c < fields.Length; c++)
        {
            switch (table.Columns[c].Type)
            {
                case FlatType.Long:
                    await group.WriteAsync<long>(fields[c], new ReadOnlyMemory<long?>([.. records.Select(r => r[c] is long v ? v : (long?)null)]), null, null, ct);
                    break;
                case FlatType.Int:
                    await group.WriteAsync<int>(fields[c], new ReadOnlyMemory<int?>([.. records.Select(r => r[c] is int v ? v : (int?)null)]), null, null, ct);
                    break;
                case FlatType.Double:
                    await group.WriteAsync<double>(fields[c], new ReadOnlyMemory<double?>([.. records.Select(r => r[c] is double v ? v : (double?)null)]), null, null, ct);
                    break;
                default:
                    await group.WriteAsync(fields[c], records.Select(r => r[c] is null ? null! : FlatTable.Text(r[c])).ToArray(), null);
                    break;
            }
        }
        group.CompleteValidate();
    }
}
