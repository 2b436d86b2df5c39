using LabelStudio.Data.Common;
using LabelStudio.Data.Quality;
using LabelStudio.IntegrationTests.Infrastructure;
using LabelStudio.IntegrationTests.Review;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.IntegrationTests.Quality;

/// <summary>
/// The quality recompute shares SQLite's single writer with imports. A writer that skips the app's write lock meets an
/// import chunk inside SQLite, waits there, and fails with "database is locked" once the chunk outlasts the driver's
/// patience; so every write of the recompute must queue on the write lock like any bulk writer.
/// </summary>
public sealed class RecomputeWriteLockTests : IAsyncLifetime
{
    private static readonly TimeSpan ChunkHeld = TimeSpan.FromSeconds(4);
    private ReviewScenario _s = null!;

    public async Task InitializeAsync() => _s = await ReviewScenario.StartAsync();

    public async Task DisposeAsync() => await _s.DisposeAsync();

    [Fact]
    public async Task Recompute_WhileAnImportChunkHoldsTheWriteLock_WritesNothingUntilItIsFree_ThenSucceeds()
    {
        var project = await _s.ProjectAsync("Busy", 3, "one", "two");
        await _s.ChoicesAsync(project, "Positive", "Positive", "Negative");
        await _s.ChoicesAsync(project, "Neutral", "Neutral", "Neutral");
        await _s.WaitForSnapshotAsync(project, ratings: 6); // the recompute the submits asked for
        var writeLock = _s.App.Services.GetRequiredService<WriteLock>();
        var snapshots = await SnapshotCountAsync(project);

        Task<QualitySnapshot?> recompute;
        using (await writeLock.EnterBulkAsync(WriteHolder.Import, CancellationToken.None))
        {
            recompute = Task.Run(async () =>
            {
                using var scope = _s.App.Services.CreateScope();
                return await scope.ServiceProvider.GetRequiredService<QualityRecomputer>().RecomputeAsync(project);
            });
            await Task.WhenAny(recompute, Task.Delay(ChunkHeld));
            Assert.False(recompute.IsCompleted, recompute.Exception?.GetBaseException().Message ?? "the recompute finished while the chunk held the writer");
            Assert.Equal(snapshots, await SnapshotCountAsync(project));
        }

        var snapshot = await recompute;
        Assert.NotNull(snapshot);
        Assert.Equal(6, snapshot.RatingCount);
        Assert.Equal(snapshots + 1, await SnapshotCountAsync(project));
        Assert.True(await _s.App.QueryAsync(db => db.QualitySnapshots.AnyAsync(q => q.Id == snapshot.Id && q.DurationMs > 0)));
    }

    private Task<int> SnapshotCountAsync(long project) => _s.App.QueryAsync(db => db.QualitySnapshots.CountAsync(q => q.ProjectId == project));
}
