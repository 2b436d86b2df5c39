using System.Text.Json;
using System.Text.Json.Serialization;

namespace LabelStudio.Quality;

/// <summary>The JSON settings of the stored quality columns: camelCase, no nulls, undefined measures as null.</summary>
public static class QualityJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>NaN and infinities (undefined measures) become null: JSON has no NaN.</summary>
    public static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
