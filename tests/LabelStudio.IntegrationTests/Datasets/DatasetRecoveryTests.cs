using LabelStudio.Data.Datasets;
using LabelStudio.Data.Jobs;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.IntegrationTests.Datasets;

/// <summary>A version left Building by a crash before its build started is marked Failed at start-up; one whose job can
/// still run is left alone.</summary>
public sealed class DatasetRecoveryTests : IAsyncLifetime
{
    private readonly KestrelAppFactory _app = new();
    private long _projectId;

    public async Task InitializeAsync() => _projectId = await _app.CreateProjectAsync("Recovery");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Recover_BuildingVersionsWithoutARunnableJob_MarkedFailedWithTheReason_OthersLeftAlone()
    {
        var now = DateTime.UtcNow;
        var failedJob = await JobAsync(JobState.Failed, JobOwner.Current);
        var liveJob = await JobAsync(JobState.Running, JobOwner.Current);
        var noJobOld = await VersionAsync(1, null, now.AddHours(-1));
        var deadJob = await VersionAsync(2, failedJob, now.AddHours(-1));
        var noJobFresh = await VersionAsync(3, null, now);
        var running = await VersionAsync(4, liveJob, now.AddHours(-1));

        await _app.Services.GetRequiredService<JobRecovery>().RecoverAsync();

        var states = await _app.QueryAsync(db => db.DatasetVersions.AsNoTracking().ToDictionaryAsync(v => v.Id, v => (v.State, v.Failure)));
        Assert.Equal((DatasetState.Failed, DatasetRecovery.StrandedMessage), states[noJobOld]);
        Assert.Equal((DatasetState.Failed, DatasetRecovery.StrandedMessage), states[deadJob]);
        Assert.Equal(DatasetState.Building, states[noJobFresh].State);
        Assert.Equal(DatasetState.Building, states[running].State);
    }

    private Task<long> JobAsync(JobState state, string owner) =>
        _app.AddJobAsync(_projectId, "dataset", DatasetBuilder.JobKind, owner, state);

    private Task<long> VersionAsync(int number, long? jobId, DateTime createdAt) => _app.QueryAsync(async db =>
    {
        var version = new DatasetVersion
        {
            ProjectId = _projectId, Number = number, Name = $"v{number}", State = DatasetState.Building, JobId = jobId, CreatedAt = createdAt,
        };
        db.DatasetVersions.Add(version);
        await db.SaveChangesAsync();
        return version.Id;
    });
}
