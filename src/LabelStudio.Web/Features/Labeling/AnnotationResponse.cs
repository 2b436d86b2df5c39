using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using LabelStudio.Data.Labeling;

namespace LabelStudio.Web.Features.Labeling;

/// <summary>An annotation in Label Studio's shape (<c>result</c> is the region array itself), with its revision chain.</summary>
public sealed record AnnotationResponse(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("task")] long Task,
    [property: JsonPropertyName("completed_by")] string? CompletedBy,
    [property: JsonPropertyName("result")] JsonNode Result,
    [property: JsonPropertyName("was_cancelled")] bool WasCancelled,
    [property: JsonPropertyName("lead_time")] double LeadTime,
    [property: JsonPropertyName("created_at")] DateTime CreatedAt,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("config_version")] int ConfigVersion,
    [property: JsonPropertyName("revision")] int Revision,
    [property: JsonPropertyName("supersedes")] long? Supersedes,
    [property: JsonPropertyName("superseded_by")] long? SupersededBy,
    [property: JsonPropertyName("no_entities")] IReadOnlyList<string> NoEntities)
{
    public static AnnotationResponse From(AnnotationView a) => new(a.Id, a.TaskId, a.UserId,
        JsonNode.Parse(a.ResultJson) ?? new JsonArray(), a.WasSkipped, a.LeadTimeSeconds, a.CreatedAt, a.Source, a.ConfigVersion,
        a.Revision, a.SupersedesId, a.SupersededById, a.NoEntities ?? []);
}
