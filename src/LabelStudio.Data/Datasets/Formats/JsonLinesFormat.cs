using System.Buffers;
using System.Text.Json;

namespace LabelStudio.Data.Datasets.Formats;

/// <summary>
/// JSON Lines. Scope Final: one task per line with its data, <c>labels</c> (plain value per control) and <c>final</c>
/// (per control: origin, method, agreement, posterior, ratings, annotation, resolution and gold ids, the result),
/// then lineage and split. Scope All: the flat record of each annotation.
/// </summary>
public sealed class JsonLinesFormat : IDatasetFormat
{
    public string Name => "jsonl";
    public string Extension => "jsonl";
    public string ContentType => "application/x-ndjson";

    public bool NeedsAnnotations(DatasetScope scope) => scope == DatasetScope.All;

    public bool StreamsWhileBuilding(DatasetScope scope) => scope == DatasetScope.Final;

    public async Task<int> WriteAsync(DatasetFormatContext context, IAsyncEnumerable<DatasetRow> rows, Stream output, CancellationToken ct)
    {
        var table = new FlatTable(context);
        var labels = new FrozenLabelJson(JsonOutput.Serializer);
        var count = 0;
        // Lines gather in memory and reach the stream (hashed, then the file) 64 KB at a time, not one small write each.
        var buffer = new ArrayBufferWriter<byte>(Block + 4096);
        await using var writer = new Utf8JsonWriter(buffer, JsonOutput.Options);
        await foreach (var row in rows.WithCancellation(ct))
        {
            if (context.Scope == DatasetScope.Final)
            {
                WriteFinal(writer, context, row, labels);
                count++;
                await EndLineAsync(writer, buffer, output, ct);
                continue;
            }
            foreach (var record in table.Records(row))
            {
                writer.WriteStartObject();
                for (var i = 0; i < table.Columns.Count; i++)
                {
                    writer.WritePropertyName(table.Columns[i].Name);
                    JsonOutput.WriteValue(writer, record[i]);
                }
                writer.WriteEndObject();
                count++;
                await EndLineAsync(writer, buffer, output, ct);
            }
        }
        if (buffer.WrittenCount > 0) await output.WriteAsync(buffer.WrittenMemory, ct);
        return count;
    }

    private const int Block = 1 << 16;

    private static async ValueTask EndLineAsync(Utf8JsonWriter writer, ArrayBufferWriter<byte> buffer, Stream output, CancellationToken ct)
    {
        writer.Flush();
        buffer.Write("\n"u8);
        writer.Reset(buffer);
        if (buffer.WrittenCount < Block) return;
        await output.WriteAsync(buffer.WrittenMemory, ct);
        buffer.ResetWrittenCount();
    }

    /// <summary>
    /// Writes each label's object as the version stored it, without serialising it again. The stored JSON and this file
    /// are written alike (see <see cref="FrozenLabelJson"/>) and differ only in which characters they escape, so when the
    /// stored JSON escapes none (holds no backslash) the bytes are the same. False, with nothing written, otherwise.
    /// </summary>
    private static bool WriteStoredLabels(Utf8JsonWriter writer, DatasetRow row)
    {
        if (row.StoredLabels is not { } stored || stored.AsSpan().Contains((byte)'\\')) return false;
        var count = row.Labels.Count;
        // One control (the common case): the array holds exactly its object, written without scanning the JSON again.
        if (count == 1 && stored.Length > 2 && stored[0] == (byte)'[' && stored[1] == (byte)'{' && stored[^1] == (byte)']' && stored[^2] == (byte)'}')
        {
            writer.WritePropertyName(row.Labels[0].Control);
            writer.WriteRawValue(stored.AsSpan(1, stored.Length - 2), skipInputValidation: true);
            return true;
        }
        Span<Range> objects = count <= 8 ? stackalloc Range[count] : new Range[count];
        var reader = new Utf8JsonReader(stored);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return false;
        var found = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject && found < count)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            objects[found++] = start..(int)reader.BytesConsumed;
        }
        if (found != count || reader.TokenType != JsonTokenType.EndArray) return false;
        for (var i = 0; i < count; i++)
        {
            writer.WritePropertyName(row.Labels[i].Control);
            writer.WriteRawValue(stored.AsSpan(objects[i]), skipInputValidation: true);
        }
        return true;
    }

    private static FrozenLabel? LabelOf(DatasetRow row, string control)
    {
        for (var i = 0; i < row.Labels.Count; i++)
        {
            if (row.Labels[i].Control == control) return row.Labels[i];
        }
        return null;
    }

    private static void WriteFinal(Utf8JsonWriter writer, DatasetFormatContext context, DatasetRow row, FrozenLabelJson labels)
    {
        writer.WriteStartObject();
        writer.WriteNumber("task_id", row.TaskId);
        writer.WriteString("external_key", row.ExternalKey);
        writer.WritePropertyName("data");
        JsonOutput.WriteRaw(writer, row.DataJson);
        writer.WriteStartObject("labels");
        for (var i = 0; i < context.Controls.Count; i++)
        {
            var control = context.Controls[i];
            writer.WritePropertyName(control.Name);
            var label = LabelOf(row, control.Name);
            JsonOutput.WriteValue(writer, label is null ? null : labels.Value(label.Result));
        }
        writer.WriteEndObject();
        writer.WriteStartObject("final");
        if (!WriteStoredLabels(writer, row))
        {
            for (var i = 0; i < row.Labels.Count; i++)
            {
                var label = row.Labels[i];
                writer.WritePropertyName(label.Control);
                labels.Write(writer, label);
            }
        }
        writer.WriteEndObject();
        writer.WriteString("state", row.State);
        if (row.ImportBatchId is { } batch) writer.WriteNumber("import_batch", batch);
        else writer.WriteNull("import_batch");
        writer.WriteNumber("source_line", row.SourceIndex);
        writer.WriteNumber("config_version", context.ConfigVersion);
        writer.WriteString("split", row.Split);
        writer.WriteEndObject();
    }
}
