using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LabelStudio.Core.Results;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// Writes <see cref="FrozenLabel"/>s exactly as <see cref="JsonSerializer"/> does (same property order, numbers, nulls
/// and escaping), without its per-call reflection: a version writes one per task and control, twice (the stored
/// labels and the file). A result item's JSON is kept while the item lives, since consensus answers are shared
/// between the tasks of a build (see <see cref="ParseCache{T}"/>).
/// </summary>
internal sealed class FrozenLabelJson(JsonSerializerOptions options)
{
    private readonly ConditionalWeakTable<ResultItem, byte[]> _items = new();
    private readonly ConditionalWeakTable<ResultItem, string> _shorts = new();
    private readonly ConditionalWeakTable<ResultItem, string> _keyParts = new();
    private readonly ConditionalWeakTable<ResultItem, StrongBox<JsonNode?>> _values = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private Utf8JsonWriter? _writer;

    /// <summary>The labels' JSON array as the serializer with <c>options</c> gives it (the stored form of a version's labels).</summary>
    public string Serialize(IReadOnlyList<FrozenLabel> labels) => Encoding.UTF8.GetString(WriteArray(labels));

    /// <summary><see cref="Serialize"/> as UTF-8 bytes.</summary>
    public byte[] SerializeUtf8(IReadOnlyList<FrozenLabel> labels) => WriteArray(labels).ToArray();

    private ReadOnlySpan<byte> WriteArray(IReadOnlyList<FrozenLabel> labels)
    {
        _buffer.ResetWrittenCount();
        if (_writer is null) _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = options.Encoder });
        else _writer.Reset(_buffer);
        _writer.WriteStartArray();
        for (var i = 0; i < labels.Count; i++) Write(_writer, labels[i]);
        _writer.WriteEndArray();
        _writer.Flush();
        return _buffer.WrittenSpan;
    }

    /// <summary>One label as a JSON object. The writer's encoder must be the options' encoder.</summary>
    public void Write(Utf8JsonWriter writer, FrozenLabel label)
    {
        writer.WriteStartObject();
        writer.WriteString("control", label.Control);
        writer.WriteString("origin", label.Origin);
        writer.WriteString("method", label.Method);
        Number(writer, "agreement", label.Agreement);
        Number(writer, "posterior", label.Posterior);
        writer.WriteNumber("n_ratings", label.Ratings);
        if (label.AnnotationIds is null) writer.WriteNull("annotation_ids");
        else
        {
            writer.WriteStartArray("annotation_ids");
            for (var i = 0; i < label.AnnotationIds.Count; i++) writer.WriteNumberValue(label.AnnotationIds[i]);
            writer.WriteEndArray();
        }
        Number(writer, "resolution_id", label.ResolutionId);
        Number(writer, "gold_id", label.GoldId);
        writer.WriteString("reason", label.Reason);
        if (label.Result is null) writer.WriteNull("result");
        else
        {
            writer.WriteStartArray("result");
            for (var i = 0; i < label.Result.Count; i++)
            {
                var item = label.Result[i];
                if (item is null) writer.WriteNullValue();
                else writer.WriteRawValue(ItemJson(item), skipInputValidation: true);
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    /// <summary><see cref="Formats.LabelValues.Short"/> of a control's regions, kept for a shared single region.</summary>
    public string Short(IReadOnlyList<ResultItem> result) => result is [{ } item]
        ? _shorts.GetValue(item, i => Formats.LabelValues.Short([i]))
        : Formats.LabelValues.Short(result);

    /// <summary><c>control=</c><see cref="Short"/>, kept for a shared single region of that control.</summary>
    public string KeyPart(string control, IReadOnlyList<ResultItem> result)
    {
        if (result is not [{ } item] || item.FromName != control) return string.Concat(control, "=", Short(result));
        // Looked up before it is made: a factory that captures would cost a closure per call, hit or miss.
        if (_keyParts.TryGetValue(item, out var part)) return part;
        part = string.Concat(control, "=", Short(result));
        _keyParts.AddOrUpdate(item, part);
        return part;
    }

    private byte[] ItemJson(ResultItem item)
    {
        if (_items.TryGetValue(item, out var json)) return json;
        json = JsonSerializer.SerializeToUtf8Bytes(item, options);
        _items.AddOrUpdate(item, json);
        return json;
    }

    /// <summary><see cref="Formats.LabelValues.Of"/> of a control's regions, kept for a shared single region (the node
    /// is only ever written, never attached or changed).</summary>
    public JsonNode? Value(IReadOnlyList<ResultItem> result) => result is [{ } item]
        ? _values.GetValue(item, i => new StrongBox<JsonNode?>(Formats.LabelValues.Of([i]))).Value
        : Formats.LabelValues.Of(result);

    private static void Number(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v) writer.WriteNumber(name, v);
        else writer.WriteNull(name);
    }

    private static void Number(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } v) writer.WriteNumber(name, v);
        else writer.WriteNull(name);
    }
}
