using System.Text.Json;

namespace LabelStudio.Data.Datasets.Formats;

/// <summary>
/// Label Studio's JSON export: a JSON array of full task records (<c>id, data, meta, annotations, predictions,
/// created_at</c>), with every current annotation as it was when the version was made (<c>completed_by</c> is the
/// rater's id and e-mail, or an imported author) and every prediction. Label Studio and this app import it as it is.
/// </summary>
public sealed class LabelStudioJsonFormat : IDatasetFormat
{
    public string Name => "json";
    public string Extension => "json";
    public string ContentType => "application/json";

    public bool NeedsAnnotations(DatasetScope scope) => true;

    public async Task<int> WriteAsync(DatasetFormatContext context, IAsyncEnumerable<DatasetRow> rows, Stream output, CancellationToken ct)
    {
        var count = 0;
        await using var writer = new Utf8JsonWriter(output, JsonOutput.Options);
        writer.WriteStartArray();
        await foreach (var row in rows.WithCancellation(ct))
        {
            WriteTask(writer, row);
            count++;
            if (writer.BytesPending > 1 << 16) await writer.FlushAsync(ct);
        }
        writer.WriteEndArray();
        await writer.FlushAsync(ct);
        return count;
    }

    private static void WriteTask(Utf8JsonWriter writer, DatasetRow row)
    {
        writer.WriteStartObject();
        writer.WriteNumber("id", row.TaskId);
        writer.WritePropertyName("data");
        JsonOutput.WriteRaw(writer, row.DataJson);
        if (row.MetaJson is { Length: > 0 } meta)
        {
            writer.WritePropertyName("meta");
            JsonOutput.WriteRaw(writer, meta);
        }
        writer.WriteStartArray("annotations");
        foreach (var a in row.Annotations)
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", a.Id);
            writer.WritePropertyName("completed_by");
            if (a.Imported || a.AuthorEmail is null)
            {
                if (a.Author is null) writer.WriteNullValue();
                else writer.WriteStringValue(a.Author);
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteString("id", a.Author);
                writer.WriteString("email", a.AuthorEmail);
                writer.WriteEndObject();
            }
            writer.WritePropertyName("result");
            JsonOutput.WriteRaw(writer, a.ResultJson);
            writer.WriteBoolean("was_cancelled", a.WasSkipped);
            writer.WriteBoolean("ground_truth", false);
            writer.WriteString("created_at", JsonOutput.Time(a.CreatedAt));
            writer.WriteString("updated_at", JsonOutput.Time(a.CreatedAt));
            // Label Studio leaves it out when unknown (an answer imported without one); so do we.
            if (a.LeadTimeSeconds is { } lead) writer.WriteNumber("lead_time", lead);
            writer.WriteNumber("task", row.TaskId);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("predictions");
        foreach (var p in row.Predictions)
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", p.Id);
            writer.WritePropertyName("result");
            JsonOutput.WriteRaw(writer, p.ResultJson);
            if (p.Score is { } score) writer.WriteNumber("score", score);
            else writer.WriteNull("score");
            writer.WriteString("model_version", p.ModelVersion);
            writer.WriteString("created_at", JsonOutput.Time(p.CreatedAt));
            writer.WriteNumber("task", row.TaskId);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteString("created_at", JsonOutput.Time(row.CreatedAt));
        writer.WriteNumber("inner_id", row.SourceIndex);
        writer.WriteNumber("total_annotations", row.Annotations.Count(a => !a.WasSkipped));
        writer.WriteNumber("cancelled_annotations", row.Annotations.Count(a => a.WasSkipped));
        writer.WriteNumber("total_predictions", row.Predictions.Count);
        writer.WriteEndObject();
    }
}
