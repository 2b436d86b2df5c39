using System.Text.Json.Serialization;

namespace LabelStudio.Quality;

/// <summary>Where a task stands. Resolved and Invalid are set by a lead's resolution, never by the engine.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TaskOutcomeState>))]
public enum TaskOutcomeState { Open = 0, Agreed = 1, Conflict = 2, Resolved = 3, Invalid = 4 }
