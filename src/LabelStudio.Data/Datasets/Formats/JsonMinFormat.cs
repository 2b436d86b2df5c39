using System.Text.Json;

namespace LabelStudio.Data.Datasets.Formats;

/// <summary>
/// Label Studio's JSON-MIN: one flat object per record in a JSON array, the task id as <c>id</c>, data fields and one key
/// per control holding its plain value; plus, for final labels, each control's provenance columns.
/// </summary>
public sealed class JsonMinFormat : IDatasetFormat
{
    public string Name => "json-min";
    public string Extension => "min.json";
    public string ContentType => "application/json";

    public bool NeedsAnnotations(DatasetScope scope) => scope == DatasetScope.All;

    public async Task<int> WriteAsync(DatasetFormatContext context, IAsyncEnumerable<DatasetRow> rows, Stream output, CancellationToken ct)
    {
        var table = new FlatTable(context);
        var count = 0;
        await using var writer = new Utf8JsonWriter(output, JsonOutput.Options);
        writer.WriteStartArray();
        await foreach (var row in rows.WithCancellation(ct))
        {
            foreach (var record in table.Records(row))
            {
                writer.WriteStartObject();
                for (var i = 0; i < table.Columns.Count; i++)
                {
                    writer.WritePropertyName(i == 0 ? "id" : table.Columns[i].Name);
                    JsonOutput.WriteValue(writer, record[i]);
                }
                writer.WriteEndObject();
                count++;
            }
            if (writer.BytesPending > 1 << 16) await writer.FlushAsync(ct);
        }
        writer.WriteEndArray();
        await writer.FlushAsync(ct);
        return count;
    }
}
