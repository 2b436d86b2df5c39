using System.Text.Json;
using LabelStudio.Core.Results;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// Reads a version's stored labels (the JSON array <see cref="FrozenLabelJson"/> writes) into <see cref="FrozenLabel"/>s
/// with a forward-only reader, giving what <see cref="JsonSerializer"/> gives. The result regions are the costly part (a
/// JSON tree each) and mostly the same across tasks (a consensus answer is shared by every task that agreed on it), so a
/// result array is deserialised once per distinct content and shared while a bounded cache holds it; its items are
/// read-only to every format writer.
/// </summary>
internal sealed class FrozenLabelReader
{
    private const int MaxCached = 4096;

    private readonly JsonSerializerOptions _options;
    private readonly Dictionary<byte[], IReadOnlyList<ResultItem>> _results = new(ByteContent.Instance);
    private readonly Dictionary<byte[], IReadOnlyList<ResultItem>>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public FrozenLabelReader(JsonSerializerOptions options)
    {
        _options = options;
        _lookup = _results.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public List<FrozenLabel> Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var labels = new List<FrozenLabel>(1);
        Expect(ref reader, JsonTokenType.StartArray);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                labels.Add(null!);
                continue;
            }
            labels.Add(ReadLabel(ref reader, json));
        }
        return labels;
    }

    private FrozenLabel ReadLabel(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("A frozen label is not an object.");
        string control = null!, origin = null!, method = null!;
        string? reason = null;
        double? agreement = null, posterior = null;
        var ratings = 0;
        long? resolution = null, gold = null;
        IReadOnlyList<long> annotations = null!;
        IReadOnlyList<ResultItem> result = null!;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (name.SequenceEqual("control"u8)) control = reader.GetString()!;
            else if (name.SequenceEqual("origin"u8)) origin = reader.GetString()!;
            else if (name.SequenceEqual("method"u8)) method = reader.GetString()!;
            else if (name.SequenceEqual("agreement"u8)) agreement = NullableDouble(ref reader);
            else if (name.SequenceEqual("posterior"u8)) posterior = NullableDouble(ref reader);
            else if (name.SequenceEqual("n_ratings"u8)) ratings = reader.GetInt32();
            else if (name.SequenceEqual("annotation_ids"u8)) annotations = Longs(ref reader);
            else if (name.SequenceEqual("resolution_id"u8)) resolution = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64();
            else if (name.SequenceEqual("gold_id"u8)) gold = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64();
            else if (name.SequenceEqual("reason"u8)) reason = reader.GetString();
            else if (name.SequenceEqual("result"u8)) result = Result(ref reader, json);
            else reader.Skip();
        }
        return new FrozenLabel(control, origin, method, agreement, posterior, ratings, annotations, resolution, gold, reason, result);
    }

    private IReadOnlyList<ResultItem> Result(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        if (reader.TokenType == JsonTokenType.Null) return null!;
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        var raw = json[start..(int)reader.BytesConsumed];
        if (_lookup.TryGetValue(raw, out var cached)) return cached;
        var result = JsonSerializer.Deserialize<List<ResultItem>>(raw, _options)!;
        if (_results.Count >= MaxCached) _results.Clear();
        _results[raw.ToArray()] = result;
        return result;
    }

    private static List<long> Longs(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null!;
        var ids = new List<long>(3);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) ids.Add(reader.GetInt64());
        return ids;
    }

    private static double? NullableDouble(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Null ? null : reader.GetDouble();

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (!reader.Read() || reader.TokenType != type) throw new JsonException($"Stored labels: expected {type}.");
    }
}
