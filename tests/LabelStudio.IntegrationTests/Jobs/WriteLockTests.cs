using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace LabelStudio.IntegrationTests.Jobs;

/// <summary>
/// The write lock serves raters before bulk chunks, so a rater waits for the one chunk in progress and no longer; every
/// acquisition knows who held the writer before it and how much of its wait was spent behind job chunks.
/// </summary>
public sealed class WriteLockTests
{
    private static WriteLock NewLock() => new(DatabaseOptions.For(DatabaseProvider.Sqlite, "Data Source=unused.db"));

    [Fact]
    public async Task Release_ChunkEndsWhileARaterAndTheNextChunkWait_RaterGoesFirst()
    {
        var writeLock = NewLock();
        var chunk = await writeLock.EnterBulkAsync(WriteHolder.Import, CancellationToken.None);
        // The job asks for its next chunk first; the rater comes later and still goes first.
        var nextChunk = writeLock.EnterBulkAsync(WriteHolder.Import, CancellationToken.None).AsTask();
        var rater = writeLock.EnterAsync(CancellationToken.None).AsTask();
        Assert.False(nextChunk.IsCompleted);
        Assert.False(rater.IsCompleted);

        chunk.Dispose();
        var raterHeld = await rater;
        Assert.Equal(WriteHolder.Import, raterHeld.Previous);
        Assert.True(raterHeld.WaitedBehindJobs > TimeSpan.Zero);
        Assert.False(nextChunk.IsCompleted);

        raterHeld.Dispose();
        using var next = await nextChunk;
        Assert.Equal(WriteHolder.Interactive, next.Previous);
    }

    [Fact]
    public async Task Release_RatersQueueBehindARater_EachGetsItInTurnAndNoneCountsAsWaitingBehindJobs()
    {
        var writeLock = NewLock();
        var first = await writeLock.EnterAsync(CancellationToken.None);
        var second = writeLock.EnterAsync(CancellationToken.None).AsTask();
        var third = writeLock.EnterAsync(CancellationToken.None).AsTask();

        first.Dispose();
        var secondHeld = await second;
        Assert.False(third.IsCompleted);
        Assert.Equal(WriteHolder.Interactive, secondHeld.Previous);
        Assert.Equal(TimeSpan.Zero, secondHeld.WaitedBehindJobs);
        secondHeld.Dispose();
        using var thirdHeld = await third;
        Assert.Equal(TimeSpan.Zero, thirdHeld.WaitedBehindJobs);
    }

    [Fact]
    public async Task Release_ChunkHasWaitedItsPatience_GoesBeforeLaterRaters()
    {
        var writeLock = NewLock();
        var rater = await writeLock.EnterAsync(CancellationToken.None);
        var chunk = writeLock.EnterBulkAsync(WriteHolder.Import, CancellationToken.None).AsTask();
        await Task.Delay(WriteLock.BulkPatience + TimeSpan.FromMilliseconds(20));
        var laterRater = writeLock.EnterAsync(CancellationToken.None).AsTask();

        rater.Dispose();
        var chunkHeld = await chunk;
        Assert.False(laterRater.IsCompleted);
        chunkHeld.Dispose();
        using var laterHeld = await laterRater;
        Assert.Equal(WriteHolder.Import, laterHeld.Previous);
    }

    /// <summary>
    /// Two bulk writers have waited out their patience behind a rater; a second rater comes. The first chunk goes and
    /// holds <paramref name="firstHoldMs"/>; then the second chunk goes before the waiting rater only if the rater can
    /// still afford a whole chunk within <see cref="WriteLock.MaxRaterWaitBehindJobs"/> (at a quarter of a core, the
    /// share that once let a rater wait 107.8 ms).
    /// </summary>
    [Theory]
    [InlineData(20, true)]
    [InlineData(50, true)]
    [InlineData(51, false)]
    [InlineData(80, false)]
    public async Task Release_PatientChunkWhileARaterWaits_GoesOnlyIfTheRaterStaysWithinTheBound(int firstHoldMs, bool chunkGoesFirst)
    {
        var clock = new FakeTimeProvider();
        var writeLock = new WriteLock(DatabaseOptions.For(DatabaseProvider.Sqlite, "Data Source=unused.db"),
            new JobOptions { BackgroundCpuShare = 0.25, MaxHoldMilliseconds = 25 }, clock);
        var rater = await writeLock.EnterAsync(CancellationToken.None);
        var chunk = writeLock.EnterBulkAsync(WriteHolder.Import, CancellationToken.None).AsTask();
        var progress = writeLock.EnterBulkAsync(WriteHolder.JobProgress, CancellationToken.None).AsTask();
        clock.Advance(WriteLock.BulkPatience + TimeSpan.FromMilliseconds(10));
        var laterRater = writeLock.EnterAsync(CancellationToken.None).AsTask();

        rater.Dispose();
        var chunkHeld = await chunk;
        clock.Advance(TimeSpan.FromMilliseconds(firstHoldMs));
        chunkHeld.Dispose();

        if (chunkGoesFirst)
        {
            var progressHeld = await progress;
            Assert.False(laterRater.IsCompleted);
            clock.Advance(TimeSpan.FromMilliseconds(25));
            progressHeld.Dispose();
            using var laterHeld = await laterRater;
            Assert.Equal(TimeSpan.FromMilliseconds(firstHoldMs + 25), laterHeld.WaitedBehindJobs);
            Assert.True(laterHeld.WaitedBehindJobs <= WriteLock.MaxRaterWaitBehindJobs);
        }
        else
        {
            var laterHeld = await laterRater;
            Assert.False(progress.IsCompleted);
            Assert.Equal(TimeSpan.FromMilliseconds(firstHoldMs), laterHeld.WaitedBehindJobs);
            laterHeld.Dispose();
            using var progressHeld = await progress;
            Assert.Equal(WriteHolder.Interactive, progressHeld.Previous);
        }
    }

    [Fact]
    public async Task Release_ManyPatientChunksWhileRatersQueue_NoRaterWaitsPastTheBound()
    {
        var clock = new FakeTimeProvider();
        var writeLock = new WriteLock(DatabaseOptions.For(DatabaseProvider.Sqlite, "Data Source=unused.db"),
            new JobOptions { BackgroundCpuShare = 0.25, MaxHoldMilliseconds = 25 }, clock);
        var first = await writeLock.EnterAsync(CancellationToken.None);
        // Six job writers all past their patience, and ten raters queued behind the one writing.
        var chunks = Enumerable.Range(0, 6).Select(i => writeLock.EnterBulkAsync(i % 2 == 0 ? WriteHolder.Import : WriteHolder.JobProgress,
            CancellationToken.None).AsTask()).ToList();
        clock.Advance(WriteLock.BulkPatience + TimeSpan.FromMilliseconds(10));
        var raters = Enumerable.Range(0, 10).Select(_ => writeLock.EnterAsync(CancellationToken.None).AsTask()).ToList();
        first.Dispose();

        // Whoever gets the writer holds it its full 25 ms; every holder runs to the end of both queues.
        var pending = raters.Concat(chunks).ToList();
        var behind = new List<TimeSpan>();
        while (pending.Count > 0)
        {
            var granted = await Task.WhenAny(pending);
            pending.Remove(granted);
            var held = await granted;
            if (held.Holder == WriteHolder.Interactive) behind.Add(held.WaitedBehindJobs);
            clock.Advance(TimeSpan.FromMilliseconds(25));
            held.Dispose();
        }
        Assert.Equal(10, behind.Count);
        Assert.All(behind, b => Assert.True(b <= WriteLock.MaxRaterWaitBehindJobs, $"a rater waited {b.TotalMilliseconds} ms behind jobs"));
        Assert.Contains(behind, b => b > TimeSpan.Zero);
    }

    [Fact]
    public async Task Enter_WaiterCancelled_LeavesTheQueueAndTheNextWaiterGetsTheLock()
    {
        var writeLock = NewLock();
        var holder = await writeLock.EnterBulkAsync(WriteHolder.Dataset, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = writeLock.EnterAsync(cancel.Token).AsTask();
        var chunk = writeLock.EnterBulkAsync(WriteHolder.ClickIngest, CancellationToken.None).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        holder.Dispose();
        using var chunkHeld = await chunk;
        Assert.Equal(WriteHolder.Dataset, chunkHeld.Previous);
    }

    [Fact]
    public async Task EnterBulk_WithoutAName_IsRefused()
    {
        var writeLock = NewLock();
        await Assert.ThrowsAsync<ArgumentException>(async () => await writeLock.EnterBulkAsync(WriteHolder.Interactive, CancellationToken.None));
    }
}
