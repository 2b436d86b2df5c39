using System.Collections.Concurrent;
using System.Threading.Channels;

namespace LabelStudio.Data.Quality;

/// <summary>
/// Project ids waiting for a quality recompute. A project is in the channel at most once: repeated requests while it
/// waits only move its due time (debounce), so a burst of submits costs one recompute. The web host's worker reads it;
/// elsewhere (the CLI) nothing does and it stays as small as the number of projects. Debouncing is wall-clock time.
/// </summary>
public sealed class QualityRecomputeQueue
{
    private readonly Channel<long> _channel = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<long, DateTime> _due = new();

    /// <summary>Quiet time after the last request before the recompute starts.</summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromSeconds(2);

    public event Action<long>? Requested;

    /// <summary>Asks for a recompute, debounced (after submits) or as soon as possible (<paramref name="now"/>).</summary>
    public void Request(long projectId, bool now = false)
    {
        var due = DateTime.UtcNow + (now ? TimeSpan.Zero : Debounce);
        var added = false;
        _due.AddOrUpdate(projectId, _ => { added = true; return due; }, (_, current) => now ? due : (due > current ? due : current));
        if (added) _channel.Writer.TryWrite(projectId);
        Requested?.Invoke(projectId);
    }

    public bool IsPending(long projectId) => _due.ContainsKey(projectId);

    public ChannelReader<long> Reader => _channel.Reader;

    /// <summary>When the project is due, or null if it is not waiting.</summary>
    public DateTime? DueAt(long projectId) => _due.TryGetValue(projectId, out var due) ? due : null;

    /// <summary>Takes the project out of the waiting set just before its recompute starts.</summary>
    public void Remove(long projectId) => _due.TryRemove(projectId, out _);
}
