using System.Text.Json;
using LabelStudio.Data.Jobs;

namespace LabelStudio.Data.Validation;

/// <summary>An import job's options (its parameters JSON).</summary>
public sealed record ImportParameters(bool AllowDuplicates = false)
{
    /// <summary>The options of a job; defaults when it has none.</summary>
    public static ImportParameters From(string? parametersJson) =>
        string.IsNullOrWhiteSpace(parametersJson) ? new() : JsonSerializer.Deserialize<ImportParameters>(parametersJson, JobOutcome.Json) ?? new();
}
