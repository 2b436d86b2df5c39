using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LabelStudio.Core.DataValidation;
using LabelStudio.Data.Common;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Import;
using LabelStudio.Data.Jobs;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.IntegrationTests.Import;

/// <summary>
/// A task whose data repeats a task already published in the project rejects the file (all or nothing), naming the
/// line and the existing task, unless the import allows duplicates.
/// </summary>
public sealed class DuplicateImportTests : IAsyncLifetime
{
    private const string First = "{\"text\":\"alpha\",\"n\":1}\n{\"text\":\"beta\",\"n\":2}\n{\"text\":\"gamma\",\"n\":3}\n";

    private readonly KestrelAppFactory _app = new();
    private long _projectId;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        await _app.CreateUserAsync("admin@dup.test", Roles.Admin);
        _projectId = await _app.CreateProjectAsync("Duplicates");
        _admin = await _app.SignInAsync("admin@dup.test");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<long> ImportOkAsync(string name, string content)
    {
        var response = await _admin.ImportAsync(_projectId, name, content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private Task<List<long>> TaskIdsAsync() =>
        _app.QueryAsync(db => db.Tasks.Where(t => t.ProjectId == _projectId).OrderBy(t => t.Id).Select(t => t.Id).ToListAsync());

    private static async Task<(JsonElement Body, List<string> Errors)> FailureAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body, body.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList());
    }

    [Fact]
    public async Task Import_SameFileAgain_RejectedNamingLinesAndExistingTasks()
    {
        var batch = await ImportOkAsync("first.jsonl", First);
        var ids = await TaskIdsAsync();

        // The same data with other key order and spacing is the same task.
        var again = "{\"n\":1, \"text\":\"alpha\"}\n{ \"text\" : \"beta\", \"n\" : 2 }\n{\"text\":\"gamma\",\"n\":3.0}\n";
        var (body, errors) = await FailureAsync(await _admin.ImportAsync(_projectId, "again.jsonl", again));

        Assert.Equal(3, body.GetProperty("totalErrors").GetInt32());
        Assert.Equal(3, body.GetProperty("existingDuplicates").GetInt32());
        Assert.Contains("3 tasks repeat tasks already in the project; allow duplicates", body.GetProperty("message").GetString());
        Assert.Equal(
            Enumerable.Range(0, 3).Select(i =>
                $"line {i + 1}, field \"data\": The task repeats task {ids[i]} already in the project, imported from first.jsonl (batch {batch}). " +
                "Remove it from the file, or allow duplicates for this import.").ToList(),
            errors);
        Assert.Equal(ids, await TaskIdsAsync());
        Assert.Equal(1, await _app.QueryAsync(db => db.ImportBatches.CountAsync(b => b.ProjectId == _projectId && b.State == ImportBatchState.Published)));
    }

    [Fact]
    public async Task Import_SameFileWithAllowDuplicates_ImportsSecondCopy()
    {
        await ImportOkAsync("first.jsonl", First);
        var body = new StringContent(First);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-ndjson");
        var response = await _admin.PostAsync($"/api/projects/{_projectId}/import?fileName=again.jsonl&allowDuplicates=true", body);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        Assert.Equal(6, (await TaskIdsAsync()).Count);
        var hashes = await _app.QueryAsync(db => db.Tasks.Select(t => t.ContentHash).ToListAsync());
        Assert.Equal(3, hashes.Distinct().Count());
        Assert.DoesNotContain(null, hashes);
    }

    [Fact]
    public async Task Import_PartialOverlap_ListsOnlyTheOverlappingLines()
    {
        await ImportOkAsync("first.jsonl", First);
        var ids = await TaskIdsAsync();
        var mixed = "{\"text\":\"delta\",\"n\":4}\n{\"text\":\"beta\",\"n\":2}\n{\"text\":\"epsilon\",\"n\":5}\n{\"text\":\"gamma\",\"n\":3}\n";

        var (body, errors) = await FailureAsync(await _admin.ImportAsync(_projectId, "mixed.jsonl", mixed));

        Assert.Equal(2, body.GetProperty("existingDuplicates").GetInt32());
        Assert.Equal(2, errors.Count);
        Assert.StartsWith($"line 2, field \"data\": The task repeats task {ids[1]} ", errors[0]);
        Assert.StartsWith($"line 4, field \"data\": The task repeats task {ids[2]} ", errors[1]);
        Assert.Equal(3, (await TaskIdsAsync()).Count);
    }

    [Fact]
    public async Task Import_ManyDuplicates_ListsTheFirstHundredByLineAndCountsAll()
    {
        var big = TestApp.TextTasks(1200);
        await ImportOkAsync("big.jsonl", big);

        var (body, errors) = await FailureAsync(await _admin.ImportAsync(_projectId, "big-again.jsonl", big));

        Assert.Equal(1200, body.GetProperty("totalErrors").GetInt32());
        Assert.Equal(1200, body.GetProperty("existingDuplicates").GetInt32());
        Assert.Equal(ImportOutcome.MaxReportedErrors, errors.Count);
        Assert.Equal(Enumerable.Range(1, 100).Select(l => $"line {l},").ToList(), errors.Select(e => e[..(e.IndexOf(',') + 1)]).ToList());
    }

    [Fact]
    public async Task Import_DataOnlyInDiscardedBatch_IsNotADuplicate()
    {
        var job = await _app.AddJobAsync(_projectId, "failed.jsonl");
        var staged = await _app.Services.GetRequiredService<BulkTaskWriter>().BeginAsync(_projectId, "failed.jsonl", "JsonLines", job, null);
        try
        {
            foreach (var line in First.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                await staged.AddAsync(new StagedTask(line), CancellationToken.None);
            }
            await staged.FlushAsync(CancellationToken.None);
            // Discarded without waking the clean-up (disposing the batch would), so its rows are still there when the
            // file comes again.
            await _app.QueryAsync(db => db.ImportBatches.Where(b => b.Id == staged.BatchId)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.State, ImportBatchState.Discarded)));
            await _app.QueryAsync(db => db.Jobs.Where(j => j.Id == job).ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Failed)));

            await ImportOkAsync("first.jsonl", First);

            Assert.Equal(3, (await TaskIdsAsync()).Count);
            Assert.Equal(3, await _app.QueryAsync(db => db.Tasks.IgnoreQueryFilters().CountAsync(t => t.ImportBatchId == staged.BatchId)));
        }
        finally
        {
            await staged.DisposeAsync();
        }
    }

    [Fact]
    public async Task Import_TasksFromBeforeContentHashes_AreBackfilledAndCount()
    {
        await ImportOkAsync("first.jsonl", First);
        var ids = await TaskIdsAsync();
        await _app.QueryAsync(db => db.Tasks.IgnoreQueryFilters().ExecuteUpdateAsync(s => s.SetProperty(t => t.ContentHash, (long?)null)));

        var (_, errors) = await FailureAsync(await _admin.ImportAsync(_projectId, "again.jsonl", "{\"text\":\"gamma\",\"n\":3}\n"));

        Assert.StartsWith($"line 1, field \"data\": The task repeats task {ids[2]} ", Assert.Single(errors));
        var stored = await _app.QueryAsync(db => db.Tasks.Where(t => t.ProjectId == _projectId).OrderBy(t => t.Id)
            .Select(t => new { t.DataJson, t.ContentHash }).ToListAsync());
        Assert.All(stored, t => Assert.Equal(TaskContentHash.Of(t.DataJson), t.ContentHash));
    }

    [Fact]
    public async Task Import_SameFileTwiceAtOnce_ExactlyOneSucceeds()
    {
        var imports = _app.Services.GetRequiredService<ImportService>();
        var file = TestApp.TextTasks(3000);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => Task.Run(() =>
            imports.ImportAsync(_projectId, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(file)), $"copy{i}.jsonl", Actor.System))));

        Assert.Single(outcomes, o => o.Succeeded);
        var rejected = Assert.Single(outcomes, o => !o.Succeeded);
        Assert.Equal(3000, rejected.ExistingDuplicates);
        Assert.Equal(3000, (await TaskIdsAsync()).Count);
    }

    [Fact]
    public async Task Import_SameFileIntoAnotherProject_IsNotADuplicate()
    {
        await ImportOkAsync("first.jsonl", First);
        var other = await _app.CreateProjectAsync("Other");
        Assert.Equal(HttpStatusCode.Created, (await _admin.ImportAsync(other, "first.jsonl", First)).StatusCode);
    }
}
