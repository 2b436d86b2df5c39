using System.Text.Json;

namespace LabelStudio.Data.Jobs;

/// <summary>A job as the API and the pages show it. <see cref="Result"/> is the kind's own outcome (see its handler).</summary>
public sealed record JobView(long Id, string Kind, long? ProjectId, JobState State, string? FileName, long? InputBytes,
    string? Stage, long ProgressDone, long ProgressTotal, double? Fraction, string? Message, DateTime CreatedAt,
    DateTime? StartedAt, DateTime? FinishedAt, string? CreatedById, bool CancelRequested, JsonElement? Result)
{
    public bool IsFinished => State is JobState.Succeeded or JobState.Failed or JobState.Cancelled;

    public static JobView From(Job j) => new(j.Id, j.Kind, j.ProjectId, j.State, j.FileName, j.InputBytes, j.Stage,
        j.ProgressDone, j.ProgressTotal, j.ProgressTotal > 0 ? Math.Min(1, (double)j.ProgressDone / j.ProgressTotal) : null,
        j.Message, j.CreatedAt, j.StartedAt, j.FinishedAt, j.CreatedById, j.CancelRequested,
        j.ResultJson is { Length: > 0 } json ? JsonDocument.Parse(json).RootElement.Clone() : null);

    public T? ResultAs<T>() => Result is { } r ? r.Deserialize<T>(JobOutcome.Json) : default;
}
