using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace LabelStudio.Core.Results;

/// <summary>
/// One region of a Label Studio annotation result: <c>{"id","from_name","to_name","type","value"}</c>.
/// <see cref="Value"/> keeps Label Studio's shape, e.g. <c>{"choices":["A"]}</c>,
/// <c>{"start":0,"end":5,"text":"Hello","labels":["PER"]}</c>, <c>{"rating":4}</c>, <c>{"text":["..."]}</c>.
/// </summary>
public sealed record ResultItem(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("from_name")] string FromName,
    [property: JsonPropertyName("to_name")] string ToName,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("value")] JsonObject Value)
{
    /// <summary>Who made the region: <c>manual</c> (a rater) or <c>prediction</c> (imported or model output).</summary>
    [JsonPropertyName("origin")]
    public string Origin { get; init; } = "manual";

    /// <summary>
    /// Any other Label Studio keys of the region (e.g. <c>original_width</c>, <c>score</c>, <c>parentID</c>), kept so
    /// that imported results round-trip unchanged; null when there are none.
    /// </summary>
    [JsonExtensionData]
    public JsonObject? Extra { get; init; }
}
