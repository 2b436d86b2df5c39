using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LabelStudio.Data.Common;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Import;
using LabelStudio.Data.Jobs;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.IntegrationTests.Jobs;

/// <summary>
/// What a job stages is invisible until it publishes: to the next-task walk, to submits, to the counts, to quality.
/// Then it appears all at once. A discarded batch is deleted in the background; a dead job's batch is discarded.
/// </summary>
public sealed class StagingTests : IAsyncLifetime
{
    private readonly KestrelAppFactory _app = new();
    private long _projectId;
    private HttpClient _admin = null!;
    private HttpClient _rater = null!;

    public async Task InitializeAsync()
    {
        await _app.CreateUserAsync("admin@staging.test", Roles.Admin);
        var rater = await _app.CreateUserAsync("rater@staging.test", Roles.Rater);
        _projectId = await _app.CreateProjectAsync("Staging", overlap: 1);
        await _app.AddMemberAsync(_projectId, rater);
        _admin = await _app.SignInAsync("admin@staging.test");
        _rater = await _app.SignInAsync("rater@staging.test");
        Assert.Equal(HttpStatusCode.Created, (await _admin.ImportAsync(_projectId, "first.jsonl", "{\"text\":\"published one\"}\n{\"text\":\"published two\"}\n")).StatusCode);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<long> RunningJobAsync(string? owner = null) => _app.AddJobAsync(_projectId, "staged.jsonl", owner: owner);

    private async Task<StagedBatch> StageAsync(long jobId, int tasks)
    {
        var staged = await _app.Services.GetRequiredService<BulkTaskWriter>().BeginAsync(_projectId, "staged.jsonl", "JsonLines", jobId, null);
        for (var i = 0; i < tasks; i++) await staged.AddAsync(new StagedTask($"{{\"text\":\"staged {i}\"}}"), CancellationToken.None);
        await staged.FlushAsync(CancellationToken.None);
        return staged;
    }

    private async Task<long?> NextAsync(HttpClient client)
    {
        var response = await client.GetAsync($"/api/projects/{_projectId}/next");
        return response.StatusCode == HttpStatusCode.NotFound ? null
            : (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("taskId").GetInt64();
    }

    /// <summary>The rater takes and answers tasks until none is left; returns those served.</summary>
    private async Task<List<long>> LabelEverythingServedAsync()
    {
        var served = new List<long>();
        while (await NextAsync(_rater) is { } taskId)
        {
            served.Add(taskId);
            var submit = await _rater.PostAsync($"/api/tasks/{taskId}/annotations",
                new StringContent(TestApp.ChoiceResult("Positive"), System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, submit.StatusCode);
        }
        return served;
    }

    private async Task<int> ProjectTaskCountAsync() =>
        (await _admin.GetFromJsonAsync<JsonElement>("/api/projects")).EnumerateArray()
            .Single(p => p.GetProperty("id").GetInt64() == _projectId).GetProperty("taskCount").GetInt32();

    [Fact]
    public async Task StagedBatch_BeforePublish_IsInvisible_ThenAppearsAllAtOnce()
    {
        var jobId = await RunningJobAsync();
        await using var staged = await StageAsync(jobId, 500);
        var stagedIds = await staged.TaskIdsAsync(CancellationToken.None);
        Assert.Equal(502, await _app.QueryAsync(db => db.Tasks.IgnoreQueryFilters().CountAsync()));

        // Counts, quality and the rater's remaining work see only the published file.
        Assert.Equal(2, await ProjectTaskCountAsync());
        var quality = await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{_projectId}/quality");
        Assert.Equal(2, quality.GetProperty("outcomes").GetProperty("tasks").GetInt32());
        Assert.Equal(2, await _app.QueryAsync(db => db.Tasks.CountAsync()));
        Assert.Equal(2, (await _rater.GetFromJsonAsync<JsonElement>($"/api/projects/{_projectId}/progress")).GetProperty("remaining").GetInt32());
        // The rater gets the two published tasks, then nothing: never a staged one.
        var served = await LabelEverythingServedAsync();
        Assert.Equal(2, served.Count);
        Assert.DoesNotContain(served, stagedIds.Values.Contains);
        // A staged task cannot be answered by guessing its id.
        var guess = await _rater.PostAsync($"/api/tasks/{stagedIds[1]}/annotations",
            new StringContent(TestApp.ChoiceResult("Positive"), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, guess.StatusCode);

        await staged.PublishAsync(jobId, JobOutcome.Succeeded("published"), "hash", 123);

        Assert.Equal(502, await ProjectTaskCountAsync());
        Assert.Equal(500, (await _rater.GetFromJsonAsync<JsonElement>($"/api/projects/{_projectId}/progress")).GetProperty("remaining").GetInt32());
        Assert.Contains((await NextAsync(_rater))!.Value, stagedIds.Values);
        Assert.Equal(JobState.Succeeded, await _app.QueryAsync(db => db.Jobs.Where(j => j.Id == jobId).Select(j => j.State).FirstAsync()));
    }

    [Fact]
    public async Task Next_DiscardedRowsNotYetDeletedBelowABatchBeingStaged_ServesNeither()
    {
        // A failed import's rows wait for the clean-up (not woken here) below the ids of the import staging now.
        var failedJob = await RunningJobAsync();
        var failed = await StageAsync(failedJob, 50);
        var failedIds = (await failed.TaskIdsAsync(CancellationToken.None)).Values.ToHashSet();
        await _app.QueryAsync(db => db.ImportBatches.Where(b => b.Id == failed.BatchId)
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.State, ImportBatchState.Discarded)));
        var jobId = await RunningJobAsync();
        await using var staged = await StageAsync(jobId, 50);
        var stagedIds = (await staged.TaskIdsAsync(CancellationToken.None)).Values.ToHashSet();
        Assert.True(failedIds.Max() < stagedIds.Min());

        var served = await LabelEverythingServedAsync();
        Assert.Equal(2, served.Count);
        Assert.DoesNotContain(served, failedIds.Contains);
        Assert.DoesNotContain(served, stagedIds.Contains);
        // The discarded rows were still there while the rater walked.
        Assert.Equal(50, await _app.QueryAsync(db => db.Tasks.IgnoreQueryFilters().CountAsync(t => t.ImportBatchId == failed.BatchId)));
        await failed.DisposeAsync();
    }

    [Fact]
    public async Task StagedBatch_ChunkQueuedWhileRatersWrite_WaitingRaterWritesBeforeTheChunk()
    {
        var jobId = await RunningJobAsync();
        var writeLock = _app.Services.GetRequiredService<WriteLock>();
        await using var staged = await _app.Services.GetRequiredService<BulkTaskWriter>().BeginAsync(_projectId, "staged.jsonl", "JsonLines", jobId, null);
        for (var i = 0; i < 100; i++) await staged.AddAsync(new StagedTask($"{{\"text\":\"queued {i}\"}}"), CancellationToken.None);
        Assert.Equal(0, staged.Written);

        var rater = await writeLock.EnterAsync(CancellationToken.None);
        var flush = staged.FlushAsync(CancellationToken.None); // its chunk queues for the writer
        var nextRater = writeLock.EnterAsync(CancellationToken.None).AsTask();
        rater.Dispose();
        using (var nextHeld = await nextRater)
        {
            Assert.Equal(WriteHolder.Interactive, nextHeld.Previous);
            Assert.Equal(0, staged.Written);
            Assert.False(flush.IsCompleted);
        }
        await flush;
        Assert.Equal(100, staged.Written);
    }

    [Fact]
    public async Task StagedBatch_RatersActiveThroughout_RestsBetweenChunksAndStillPublishesEveryTask()
    {
        var writeLock = _app.Services.GetRequiredService<WriteLock>();
        using var stop = new CancellationTokenSource();
        var raters = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                writeLock.MarkRaterActive();
                await Task.Delay(20, CancellationToken.None);
            }
        });
        var jobId = await RunningJobAsync();
        await using (var staged = await StageAsync(jobId, 3000))
        {
            Assert.True(writeLock.RatersActive);
            Assert.Equal(3000, staged.Written);
            Assert.Equal(2, await ProjectTaskCountAsync());
            await staged.PublishAsync(jobId, JobOutcome.Succeeded("published"), "hash", 123);
        }
        await stop.CancelAsync();
        await raters;

        Assert.Equal(3002, await ProjectTaskCountAsync());
        Assert.Equal(JobState.Succeeded, await _app.QueryAsync(db => db.Jobs.Where(j => j.Id == jobId).Select(j => j.State).FirstAsync()));
    }

    [Fact]
    public async Task StagedBatch_ReviewViewsAndDrafts_SeeOnlyPublishedRows()
    {
        var jobId = await RunningJobAsync();
        await using var staged = await StageAsync(jobId, 50);
        var stagedTask = (await staged.TaskIdsAsync(CancellationToken.None)).Values.First();

        // The task browser, its batch filter and the task page of leads; a rater's draft.
        Assert.Equal(2, (await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{_projectId}/tasks")).GetProperty("total").GetInt32());
        var batches = await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{_projectId}/batches");
        Assert.DoesNotContain(batches.EnumerateArray(), b => b.GetProperty("id").GetInt64() == staged.BatchId);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/api/tasks/{stagedTask}")).StatusCode);
        var draft = await _rater.PutAsync($"/api/tasks/{stagedTask}/draft",
            new StringContent(TestApp.ChoiceResult("Positive"), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, draft.StatusCode);

        await staged.PublishAsync(jobId, JobOutcome.Succeeded("published"), "hash", 123);

        Assert.Equal(52, (await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{_projectId}/tasks")).GetProperty("total").GetInt32());
        batches = await _admin.GetFromJsonAsync<JsonElement>($"/api/projects/{_projectId}/batches");
        Assert.Contains(batches.EnumerateArray(), b => b.GetProperty("id").GetInt64() == staged.BatchId);
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync($"/api/tasks/{stagedTask}")).StatusCode);
    }

    [Fact]
    public async Task BeginAsync_WhileAnotherJobStagesIntoTheProject_WaitsForItToPublish()
    {
        var first = await RunningJobAsync();
        await using var staged = await StageAsync(first, 10);
        var writer = _app.Services.GetRequiredService<BulkTaskWriter>();
        var second = await RunningJobAsync();

        var waiting = writer.BeginAsync(_projectId, "second.jsonl", "JsonLines", second, null);
        await Task.Delay(1500);
        Assert.False(waiting.IsCompleted);

        await staged.PublishAsync(first, JobOutcome.Succeeded("published"), "hash", 1);
        await using var next = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotEqual(staged.BatchId, next.BatchId);
    }

    [Fact]
    public async Task StagedBatch_Discarded_RowsAreDeletedInTheBackground()
    {
        var jobId = await RunningJobAsync();
        var staged = await StageAsync(jobId, 3000);
        await staged.DisposeAsync();

        // Waits on the background clean-up's passes (the signal), however slow the machine, not on a deadline.
        var cleaner = _app.Services.GetRequiredService<StagedRowsCleaner>();
        while (true)
        {
            var pass = cleaner.PassEnded;
            if (!await _app.QueryAsync(db => db.ImportBatches.AnyAsync(b => b.State == ImportBatchState.Discarded))) break;
            // Only a safety net against a hang: one pass over 3,000 rows never takes minutes.
            await pass.WaitAsync(TimeSpan.FromMinutes(5));
        }
        Assert.Equal(2, await _app.QueryAsync(db => db.Tasks.IgnoreQueryFilters().CountAsync()));
        Assert.Equal(1, await _app.QueryAsync(db => db.ImportBatches.CountAsync()));
        Assert.Equal(2, await ProjectTaskCountAsync());
    }

    [Fact]
    public async Task Recovery_JobOfADeadProcess_FailsWithTheReason_AndItsBatchIsDiscarded()
    {
        // A process of this machine that does not exist any more.
        var dead = $"{Environment.MachineName}|{int.MaxValue - 7}|638000000000000000";
        var jobId = await RunningJobAsync(dead);
        var batch = await _app.QueryAsync(async db =>
        {
            var b = new ImportBatch { ProjectId = _projectId, FileName = "killed.jsonl", State = ImportBatchState.Staging, JobId = jobId, TaskCount = 0 };
            db.ImportBatches.Add(b);
            await db.SaveChangesAsync();
            return b.Id;
        });

        Assert.Equal(1, await _app.Services.GetRequiredService<JobRecovery>().RecoverAsync());

        var job = await _admin.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}");
        Assert.Equal("Failed", job.GetProperty("state").GetString());
        Assert.Equal(JobRecovery.InterruptedMessage, job.GetProperty("message").GetString());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await _app.QueryAsync(db => db.ImportBatches.AnyAsync(b => b.Id == batch)) && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.False(await _app.QueryAsync(db => db.ImportBatches.AnyAsync(b => b.Id == batch)));
        // A live job is left alone.
        var live = await RunningJobAsync();
        Assert.Equal(0, await _app.Services.GetRequiredService<JobRecovery>().RecoverAsync());
        Assert.Equal(JobState.Running, await _app.QueryAsync(db => db.Jobs.Where(j => j.Id == live).Select(j => j.State).FirstAsync()));
    }
}
