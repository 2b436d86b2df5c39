using System.Text.Json.Serialization;

namespace LabelStudio.Data.Datasets;

/// <summary>A version is Building while its job runs; only Ready versions can be downloaded or compared.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DatasetState>))]
public enum DatasetState { Building = 0, Ready = 1, Failed = 2 }
