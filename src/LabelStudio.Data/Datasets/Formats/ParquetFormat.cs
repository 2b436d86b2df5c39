using System.Threading.Channels;
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

    /// <summary>
    /// Two stages joined by a channel of whole row groups: one reads the rows and builds the records, the other encodes
    /// and writes each group, so a second core takes the encoding. At most <see cref="GroupsInFlight"/> groups wait.
    /// </summary>
    public async Task<int> WriteAsync(DatasetFormatContext context, IAsyncEnumerable<DatasetRow> rows, Stream output, CancellationToken ct)
    {
        var table = new FlatTable(context);
        var fields = table.Columns.Select(Field).ToArray();
        var schema = new ParquetSchema(fields);
        var groups = Channel.CreateBounded<List<object?[]>>(new BoundedChannelOptions(GroupsInFlight) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var encoder = Task.Run(() => EncodeAsync(groups, schema, table, fields, output, stop.Token), CancellationToken.None);
        var count = 0;
        try
        {
            var buffer = new List<object?[]>(RowGroupSize);
            await foreach (var row in rows.WithCancellation(ct))
            {
                foreach (var record in table.Records(row))
                {
                    buffer.Add(record);
                    count++;
                }
                if (buffer.Count < RowGroupSize) continue;
                await groups.Writer.WriteAsync(buffer, ct);
                buffer = new List<object?[]>(RowGroupSize);
            }
            // An empty version still gets one (empty) group, so that the file has its schema.
            if (buffer.Count > 0 || count == 0) await groups.Writer.WriteAsync(buffer, ct);
            groups.Writer.Complete();
        }
        catch (Exception)
        {
            groups.Writer.TryComplete();
            await stop.CancelAsync();
            // A failed encoder closed the channel under the reading side: its error is the one to report.
            if (encoder.IsFaulted) await encoder;
            try { await encoder; } catch (OperationCanceledException) { }
            throw;
        }
        await encoder;
        return count;
    }

    /// <summary>Row groups in flight between the stages (each holds <see cref="RowGroupSize"/> records).</summary>
    private const int GroupsInFlight = 1;

    private static async Task EncodeAsync(Channel<List<object?[]>> groups, ParquetSchema schema, FlatTable table, DataField[] fields,
        Stream output, CancellationToken ct)
    {
        try
        {
            await using var writer = await ParquetWriter.CreateAsync(schema, output, cancellationToken: ct);
            await foreach (var group in groups.Reader.ReadAllAsync(ct))
            {
                await WriteGroupAsync(writer, table, fields, group, ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Closed with the failure, so that the reading side stops waiting for room.
            groups.Writer.TryComplete(e);
            throw;
        }
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
