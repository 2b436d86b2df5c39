using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace LabelStudio.Core.Results;

/// <summary>
/// One region of a Label Studio annotation result: <c>{"id","from_name","to_name","type","value"}</c>.
/// <see cref="Value"/> keeps Label Studio's shape, e.g. <c>{"choices":["A"]}</c>,
/// <c>{"start":0,"end":5,"text":"Hello","labels":["PER"]}</c>, <c>{"rating":4}</c>, <c>{"text":["..."]}</c>.
/// Its JSON (here and through <see cref="System.Text.Json.JsonSerializer"/>) is <see cref="ResultJson"/>'s.
/// </summary>
[JsonConverter(typeof(ResultItemJsonConverter))]
public sealed record ResultItem(string Id, string FromName, string ToName, string Type, JsonObject Value)
{
    /// <summary>Who made the region: <c>manual</c> (a rater) or <c>prediction</c> (imported or model output).</summary>
    public string Origin { get; init; } = "manual";

    /// <summary>
    /// Any other Label Studio keys of the region (e.g. <c>original_width</c>, <c>score</c>, <c>parentID</c>), kept so
    /// that imported results round-trip unchanged; null when there are none. Written beside the known keys.
    /// </summary>
    public JsonObject? Extra { get; init; }
}
