using System.Collections.Concurrent;

namespace LabelStudio.Data.Quality;

/// <summary>What the recompute worker is doing, per project, for pages to observe.</summary>
public sealed class QualityRecomputeState
{
    private readonly ConcurrentDictionary<long, RecomputeStatus> _status = new();

    public event Action<long>? Changed;

    public RecomputeStatus Get(long projectId) => _status.GetValueOrDefault(projectId, RecomputeStatus.Idle);

    public void Started(long projectId, DateTime at)
    {
        _status[projectId] = Get(projectId) with { Running = true, StartedAt = at };
        Changed?.Invoke(projectId);
    }

    public void Finished(long projectId, DateTime at, long durationMs, string? error)
    {
        _status[projectId] = Get(projectId) with { Running = false, LastRunAt = at, LastDurationMs = durationMs, LastError = error };
        Changed?.Invoke(projectId);
    }

    public void Notify(long projectId) => Changed?.Invoke(projectId);
}

public sealed record RecomputeStatus(bool Running, DateTime? StartedAt, DateTime? LastRunAt, long? LastDurationMs, string? LastError)
{
    public static RecomputeStatus Idle { get; } = new(false, null, null, null, null);
}
