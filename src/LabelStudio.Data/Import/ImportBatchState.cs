using System.Text.Json.Serialization;

namespace LabelStudio.Data.Import;

/// <summary>
/// A batch is written in chunks while <see cref="Staging"/>, invisible to everyone; one small transaction makes it
/// <see cref="Published"/>. A failed, cancelled or interrupted batch is <see cref="Discarded"/> and its rows are
/// deleted in the background. Published is 0 so that every batch written before staging existed stays visible.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ImportBatchState>))]
public enum ImportBatchState { Published = 0, Staging = 1, Discarded = 2 }
