using System.Text.Json;

namespace LabelStudio.Data.Jobs;

/// <summary>How a job ended: a final state, one sentence for people and an optional kind-specific result.</summary>
public sealed record JobOutcome(JobState State, string Message, string? ResultJson = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static JobOutcome Succeeded(string message, object? result = null) =>
        new(JobState.Succeeded, message, result is null ? null : JsonSerializer.Serialize(result, Json));

    public static JobOutcome Failed(string message, object? result = null) =>
        new(JobState.Failed, message, result is null ? null : JsonSerializer.Serialize(result, Json));
}
