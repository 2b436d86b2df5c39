using System.Collections.Concurrent;

namespace LabelStudio.Data.Labeling;

/// <summary>When each project's expired reservations were last deleted: at most every half minute per project.</summary>
public sealed class ReservationSweeps
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<long, DateTime> _last = new();

    public bool Due(long projectId, DateTime now)
    {
        var last = _last.GetOrAdd(projectId, DateTime.MinValue);
        return now - last >= Every && _last.TryUpdate(projectId, now, last);
    }
}
