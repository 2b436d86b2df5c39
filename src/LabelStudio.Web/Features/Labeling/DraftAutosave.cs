namespace LabelStudio.Web.Features.Labeling;

/// <summary>
/// Saves the rater's work a moment after they stop changing it, one save at a time. <see cref="FlushAsync"/> saves at
/// once what is pending (before leaving the task); <see cref="CancelAsync"/> drops it and waits for a save in flight,
/// so that nothing writes a draft after the answer was submitted.
/// </summary>
public sealed class DraftAutosave(Func<CancellationToken, Task> save, TimeSpan delay) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CancellationTokenSource? _pending;
    private bool _dirty;

    /// <summary>Marks the work changed: a save runs after <c>delay</c> without further changes.</summary>
    public void Changed()
    {
        _dirty = true;
        var previous = _pending;
        var current = new CancellationTokenSource();
        _pending = current;
        previous?.Cancel();
        _ = RunLaterAsync(current.Token);
    }

    public async Task FlushAsync()
    {
        _pending?.Cancel();
        await SaveIfDirtyAsync(CancellationToken.None);
    }

    public async Task CancelAsync()
    {
        _pending?.Cancel();
        _dirty = false;
        await _gate.WaitAsync();
        _gate.Release();
    }

    private async Task RunLaterAsync(CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, ct);
            await SaveIfDirtyAsync(ct);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SaveIfDirtyAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            if (!_dirty || ct.IsCancellationRequested) return;
            _dirty = false;
            await save(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CancelAsync();
        _gate.Dispose();
    }
}
