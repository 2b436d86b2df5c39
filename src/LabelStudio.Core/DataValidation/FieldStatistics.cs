using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LabelStudio.Core.DataValidation;

/// <summary>
/// Statistics of one top-level data field, in constant memory. A field is missing in a task when the key is absent or
/// its value is JSON null (TFDV's num_missing). Strings, ints and booleans feed the top values and the distinct count;
/// numbers feed <see cref="Numbers"/>; strings feed <see cref="TextLength"/> (UTF-16 code units, as span offsets count).
/// </summary>
public sealed class FieldStatistics
{
    /// <summary>The top values listed (TFDV's num_top_values).</summary>
    public const int TopCount = 20;

    /// <summary>The field name.</summary>
    [JsonPropertyName("name")]
    [JsonInclude]
    public string Name { get; private set; } = "";

    /// <summary>Tasks where the field holds a value.</summary>
    [JsonPropertyName("present")]
    [JsonInclude]
    public long Present { get; private set; }

    /// <summary>Values seen per type.</summary>
    [JsonPropertyName("typeCounts")]
    [JsonInclude]
    public SortedDictionary<DataFieldType, long> TypeCounts { get; private set; } = [];

    /// <summary>The distinct-count sketch of string, int and boolean values.</summary>
    [JsonPropertyName("distinctSketch")]
    [JsonInclude]
    public DistinctCountSketch DistinctSketch { get; private set; } = new();

    /// <summary>The frequent-values sketch of string, int and boolean values.</summary>
    [JsonPropertyName("values")]
    [JsonInclude]
    public TopValuesSketch Values { get; private set; } = new();

    /// <summary>Numeric values (ints and floats).</summary>
    [JsonPropertyName("numbers")]
    [JsonInclude]
    public NumericSummary Numbers { get; private set; } = new();

    /// <summary>Lengths of string values.</summary>
    [JsonPropertyName("textLength")]
    [JsonInclude]
    public NumericSummary TextLength { get; private set; } = new();

    /// <summary>Creates the statistics of a field.</summary>
    public static FieldStatistics For(string name) => new() { Name = name };

    /// <summary>The field's type: the one type seen, <see cref="DataFieldType.Float"/> for ints and floats, else mixed.</summary>
    [JsonPropertyName("type")]
    public DataFieldType Type
    {
        get
        {
            var types = TypeCounts.Where(t => t.Value > 0).Select(t => t.Key).ToList();
            if (types.Count == 0) return DataFieldType.None;
            if (types.Count == 1) return types[0];
            return types.Count == 2 && types.Contains(DataFieldType.Int) && types.Contains(DataFieldType.Float)
                ? DataFieldType.Float : DataFieldType.Mixed;
        }
    }

    /// <summary>The number of distinct string, int and boolean values (exact up to 4,096, then estimated).</summary>
    [JsonPropertyName("distinct")]
    public long Distinct => DistinctSketch.Estimate();

    /// <summary>The 20 most frequent values.</summary>
    [JsonPropertyName("topValues")]
    public IReadOnlyList<ValueCount> TopValues => Values.Top(TopCount);

    /// <summary>Adds one present value.</summary>
    public void Add(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return;
            case JsonValueKind.String:
                var text = value.GetString()!;
                Count(DataFieldType.String);
                AddValue(text);
                TextLength.Add(text.Length);
                break;
            case JsonValueKind.Number:
                var raw = value.GetRawText();
                var isInt = raw.AsSpan().IndexOfAny(".eE") < 0 && value.TryGetInt64(out _);
                Count(isInt ? DataFieldType.Int : DataFieldType.Float);
                if (isInt) AddValue(value.GetInt64().ToString(CultureInfo.InvariantCulture));
                if (value.TryGetDouble(out var number) && double.IsFinite(number)) Numbers.Add(number);
                break;
            case JsonValueKind.True or JsonValueKind.False:
                Count(DataFieldType.Bool);
                AddValue(value.ValueKind == JsonValueKind.True ? "true" : "false");
                break;
            case JsonValueKind.Object:
                Count(DataFieldType.Object);
                break;
            case JsonValueKind.Array:
                Count(DataFieldType.Array);
                break;
        }
    }

    private void Count(DataFieldType type)
    {
        Present++;
        TypeCounts[type] = TypeCounts.GetValueOrDefault(type) + 1;
    }

    private void AddValue(string value)
    {
        DistinctSketch.Add(StableHash.Of(value));
        Values.Add(value);
    }

    /// <summary>Adds the values of <paramref name="other"/> (the same field of another chunk).</summary>
    public void Merge(FieldStatistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Present += other.Present;
        foreach (var (type, count) in other.TypeCounts) TypeCounts[type] = TypeCounts.GetValueOrDefault(type) + count;
        DistinctSketch.Merge(other.DistinctSketch);
        Values.Merge(other.Values);
        Numbers.Merge(other.Numbers);
        TextLength.Merge(other.TextLength);
    }
}
