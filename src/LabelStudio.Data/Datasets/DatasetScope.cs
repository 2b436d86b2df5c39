using System.Text.Json.Serialization;

namespace LabelStudio.Data.Datasets;

/// <summary>What a version's files hold: one final label per task, or every current annotation.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DatasetScope>))]
public enum DatasetScope { Final = 0, All = 1 }
