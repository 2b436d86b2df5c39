using LabelStudio.Data.Common;
using LabelStudio.Data.Database;

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
