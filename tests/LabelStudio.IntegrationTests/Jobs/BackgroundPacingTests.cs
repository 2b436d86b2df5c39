using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace LabelStudio.IntegrationTests.Jobs;

/// <summary>
/// While raters are at work, a bulk job rests after each chunk in proportion to the time the chunk took, so it uses
/// at most <see cref="JobOptions.BackgroundCpuShare"/> of one core; with no rater for a second it goes on at once.
/// While more rater requests are in flight than there are cores, the share shrinks in proportion, never below a floor.
/// Time is a fake clock: these tests say when the job sleeps, never how long anything took.
/// </summary>
public sealed class BackgroundPacingTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    private WriteLock NewLock(double share) =>
        new(DatabaseOptions.For(DatabaseProvider.Sqlite, "Data Source=unused.db"), new JobOptions { BackgroundCpuShare = share }, _clock);

    /// <summary>A chunk that took <paramref name="busyMs"/> is followed by exactly <paramref name="restMs"/> of rest.</summary>
    private async Task AssertRestsAsync(WriteLock writeLock, int busyMs, int restMs)
    {
        var rest = writeLock.RestAsync(TimeSpan.FromMilliseconds(busyMs), CancellationToken.None);
        Assert.False(rest.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(restMs - 1));
        Assert.False(rest.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await rest.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task RestAsync_RaterWroteWithinTheLastSecond_RestsInProportionToTheChunk()
    {
        var writeLock = NewLock(share: 0.25);
        (await writeLock.EnterAsync(CancellationToken.None)).Dispose();
        Assert.True(writeLock.RatersActive);

        // A quarter of one core: a 100 ms chunk is followed by 300 ms of rest.
        await AssertRestsAsync(writeLock, 100, 300);
    }

    [Fact]
    public void RestAsync_NoRaterWithinTheLastSecond_GoesOnAtOnce()
    {
        var writeLock = NewLock(share: 0.25);
        Assert.False(writeLock.RatersActive);
        Assert.True(writeLock.RestAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None).IsCompleted);

        writeLock.MarkRaterActive();
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(writeLock.RatersActive);
        Assert.True(writeLock.RestAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None).IsCompleted);
    }

    [Fact]
    public void RestAsync_WholeCoreShare_NeverRests()
    {
        var writeLock = NewLock(share: 1);
        writeLock.MarkRaterActive();
        Assert.True(writeLock.RatersActive);
        Assert.True(writeLock.RestAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task RestAsync_Cancelled_StopsResting()
    {
        var writeLock = NewLock(share: 0.5);
        writeLock.MarkRaterActive();
        using var cancel = new CancellationTokenSource();
        var rest = writeLock.RestAsync(TimeSpan.FromSeconds(10), cancel.Token);
        Assert.False(rest.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rest);
    }

    [Fact]
    public async Task RestAsync_MoreRaterRequestsInFlightThanCores_YieldsInProportion()
    {
        var writeLock = NewLock(share: 0.5);
        writeLock.MarkRaterActive();
        var requests = Enumerable.Range(0, 4 * Environment.ProcessorCount).Select(_ => writeLock.BeginRaterRequest()).ToList();

        // Four requests per core: an eighth of a core, so a 100 ms chunk is followed by 700 ms of rest.
        Assert.Equal(0.125, writeLock.CurrentShare(), 6);
        await AssertRestsAsync(writeLock, 100, 700);

        // Served during the next cycle, the requests still count for its rest; the cycle after gets the configured share back.
        foreach (var request in requests) request.Dispose();
        Assert.Equal(0, writeLock.RatersInFlight);
        Assert.Equal(0.125, writeLock.CurrentShare(), 6);
        await AssertRestsAsync(writeLock, 100, 700);
        Assert.Equal(0.5, writeLock.CurrentShare(), 6);
        writeLock.MarkRaterActive();
        await AssertRestsAsync(writeLock, 100, 100);
    }

    [Fact]
    public async Task RestAsync_RequestCameAndWentDuringTheChunk_CountsForTheRest()
    {
        var writeLock = NewLock(share: 0.5);
        writeLock.MarkRaterActive();
        // The most requests in flight since the job last rested count, not only those still in flight at the rest.
        var burst = Enumerable.Range(0, 4 * Environment.ProcessorCount).Select(_ => writeLock.BeginRaterRequest()).ToList();
        foreach (var request in burst) request.Dispose();

        Assert.Equal(0.125, writeLock.CurrentShare(), 6);
        await AssertRestsAsync(writeLock, 100, 700);
    }

    [Fact]
    public async Task RestAsync_RatersQueueFarBeyondTheCores_KeepsTheFloorShareAndFinishes()
    {
        var writeLock = NewLock(share: 0.5);
        writeLock.MarkRaterActive();
        var requests = Enumerable.Range(0, 1000 * Environment.ProcessorCount).Select(_ => writeLock.BeginRaterRequest()).ToList();

        // Never less than the floor: a 100 ms chunk rests 1.9 s at 5 % of a core, and the job goes on.
        Assert.Equal(WriteLock.MinBackgroundCpuShare, writeLock.CurrentShare(), 6);
        for (var chunk = 0; chunk < 3; chunk++)
        {
            writeLock.MarkRaterActive();
            await AssertRestsAsync(writeLock, 100, 1900);
        }
        foreach (var request in requests) request.Dispose();
    }

    [Fact]
    public void RestAsync_WholeCoreShareWhileRatersQueue_StillNeverRests()
    {
        var writeLock = NewLock(share: 1);
        writeLock.MarkRaterActive();
        using var request = writeLock.BeginRaterRequest();
        var more = Enumerable.Range(0, 4 * Environment.ProcessorCount).Select(_ => writeLock.BeginRaterRequest()).ToList();
        Assert.True(writeLock.RestAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None).IsCompleted);
        foreach (var r in more) r.Dispose();
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Validate_ShareOutOfRange_NamesTheKey(double share)
    {
        var errors = JobOptions.Validate(new JobOptions { BackgroundCpuShare = share }).ToList();
        Assert.Contains(errors, e => e.Contains("Jobs:BackgroundCpuShare", StringComparison.Ordinal));
    }
}
