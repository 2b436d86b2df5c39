namespace LabelStudio.Core.DataValidation;

/// <summary>
/// What a project expects of one data field: its type, whether the labeling configuration reads it
/// (<see cref="RequiredByConfig"/>), the fraction of tasks that had it (<see cref="Presence"/>, out of
/// <see cref="Tasks"/>), and for a low-cardinality field its values (<see cref="Domain"/>, at most 100).
/// </summary>
public sealed record FieldSchema(string Name, DataFieldType Type, bool RequiredByConfig, double Presence, long Tasks,
    IReadOnlyList<string>? Domain);
