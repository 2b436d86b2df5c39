using System.Collections.Concurrent;

namespace LabelStudio.Data.Common;

/// <summary>
/// Values kept for a short <c>lifetime</c> and dropped at once by <see cref="Invalidate"/>. Misses are not kept, so keys
/// that find nothing (stale or guessed ones) cannot grow the map.
/// </summary>
public sealed class ShortLivedCache<T>(TimeSpan lifetime, TimeProvider clock) where T : class
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public TimeSpan Lifetime => lifetime;

    public async ValueTask<T?> GetOrLoadAsync(string key, Func<string, CancellationToken, Task<T?>> load, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(key, out var cached) && cached.ExpiresAt > now) return cached.Value;
        var value = await load(key, ct);
        if (value is null) _entries.TryRemove(key, out _);
        else _entries[key] = new Entry(value, now + lifetime);
        return value;
    }

    public void Invalidate(string key) => _entries.TryRemove(key, out _);

    private sealed record Entry(T Value, DateTimeOffset ExpiresAt);
}
