using LabelStudio.Web.Features.Labeling;

namespace LabelStudio.ComponentTests.Labeling;

public sealed class DraftAutosaveTests
{
    [Fact]
    public async Task Flush_AfterSeveralChanges_SavesOnce()
    {
        var saves = 0;
        await using var autosave = new DraftAutosave(_ => { saves++; return Task.CompletedTask; }, TimeSpan.FromHours(1));

        autosave.Changed();
        autosave.Changed();
        autosave.Changed();
        await autosave.FlushAsync();
        await autosave.FlushAsync();

        Assert.Equal(1, saves);
    }

    [Fact]
    public async Task Cancel_DropsThePendingSave()
    {
        var saves = 0;
        await using var autosave = new DraftAutosave(_ => { saves++; return Task.CompletedTask; }, TimeSpan.FromHours(1));

        autosave.Changed();
        await autosave.CancelAsync();
        await autosave.FlushAsync();

        Assert.Equal(0, saves);
    }

    [Fact]
    public async Task Cancel_WaitsForASaveInFlight()
    {
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var finished = 0;
        await using var autosave = new DraftAutosave(async _ =>
        {
            started.TrySetResult();
            await release.Task;
            finished++;
        }, TimeSpan.Zero);

        autosave.Changed();
        await started.Task;
        var cancel = autosave.CancelAsync();
        Assert.False(cancel.IsCompleted); // a save is still writing: the submit must wait for it
        release.SetResult();
        await cancel;

        Assert.Equal(1, finished);
    }
}
