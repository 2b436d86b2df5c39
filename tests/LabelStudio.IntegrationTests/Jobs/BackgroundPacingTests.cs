using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace LabelStudio.IntegrationTests.Jobs;

/// <summary>
/// While raters are at work, a bulk job rests after each chunk in proportion to the time the chunk took, so it uses
/// at most <see cref="JobOptions.BackgroundCpuShare"/> of one core; with no rater for a second it goes on at once.
/// Time is a fake clock: these tests say when the job sleeps, never how long anything took.
/// </summary>
public sealed class BackgroundPacingTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    private WriteLock NewLock(double share) =>
        new(DatabaseOptions.For(DatabaseProvider.Sqlite, "Data Source=unused.db"), new JobOptions { BackgroundCpuShare = share }, _clock);

    [Fact]
    public async Task RestAsync_RaterWroteWithinTheLastSecond_RestsInProportionToTheChunk()
    {
        var writeLock = NewLock(share: 0.25);
        (await writeLock.EnterAsync(CancellationToken.None)).Dispose();
        Assert.True(writeLock.RatersActive);

        // A quarter of one core: a 100 ms chunk is followed by 300 ms of rest.
        var rest = writeLock.RestAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        Assert.False(rest.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(299));
        Assert.False(rest.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await rest.WaitAsync(TimeSpan.FromSeconds(30));
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
