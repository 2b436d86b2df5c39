using System.Text.Json;
using System.Text.Json.Serialization;

namespace LabelStudio.Core.DataValidation;

/// <summary>
/// The stable JSON form of <see cref="DataStatistics"/> (and of the schema and reports): properties in declaration
/// order, maps sorted by key, enums as names. It carries the sketches' state, so stored statistics can be read back
/// and merged; the derived figures (type, distinct count, top values, quantiles, histograms) are written alongside.
/// </summary>
public static class StatisticsJson
{
    /// <summary>The serializer options used for every validation document.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The JSON of <paramref name="statistics"/>.</summary>
    public static string Serialize(DataStatistics statistics) => JsonSerializer.Serialize(statistics, Options);

    /// <summary>Statistics read back from <see cref="Serialize"/>'s output.</summary>
    public static DataStatistics Deserialize(string json) =>
        JsonSerializer.Deserialize<DataStatistics>(json, Options) ?? throw new JsonException("The statistics are null.");

    /// <summary>The JSON of any validation document (schema, anomalies, reports).</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>A validation document read back.</summary>
    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException("The document is null.");
}
