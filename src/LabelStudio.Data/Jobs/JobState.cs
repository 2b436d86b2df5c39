using System.Text.Json.Serialization;

namespace LabelStudio.Data.Jobs;

/// <summary>Where a background job stands. Succeeded, Failed and Cancelled are final.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobState>))]
public enum JobState { Queued = 0, Running = 1, Succeeded = 2, Failed = 3, Cancelled = 4 }
