using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LabelStudio.Data.Identity;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.IntegrationTests.Labeling;

/// <summary>Idempotency keys belong to the caller and the task: a retry is one row, anything else is never silent.</summary>
public sealed class IdempotencyTests : IAsyncLifetime
{
    private readonly KestrelAppFactory _app = new();
    private long _projectId;
    private HttpClient _rater1 = null!, _rater2 = null!;

    public async Task InitializeAsync()
    {
        _projectId = await _app.CreateProjectAsync("Keys", overlap: 2);
        await _app.CreateUserAsync("admin@test.local", Roles.Admin);
        var admin = await _app.SignInAsync("admin@test.local");
        Assert.Equal(HttpStatusCode.Created,
            (await admin.ImportAsync(_projectId, "t.jsonl", "{\"text\":\"one\"}\n{\"text\":\"two\"}\n")).StatusCode);
        foreach (var name in new[] { "rater1", "rater2" })
        {
            await _app.AddMemberAsync(_projectId, await _app.CreateUserAsync($"{name}@test.local", Roles.Rater));
        }
        _rater1 = await _app.SignInAsync("rater1@test.local");
        _rater2 = await _app.SignInAsync("rater2@test.local");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<long> NextAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/projects/{_projectId}/next")).GetProperty("taskId").GetInt64();

    private static Task<HttpResponseMessage> SubmitAsync(HttpClient client, long taskId, string choice, string? key, bool header = false)
    {
        var body = key is null || header
            ? TestApp.ChoiceResult(choice)
            : TestApp.ChoiceResult(choice).TrimEnd('}') + $",\"idempotency_key\":\"{key}\"}}";
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tasks/{taskId}/annotations")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (header && key is not null) request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    private static async Task<long> AnnotationIdOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("annotationId").GetInt64();

    private Task<List<(string? UserId, string Result)>> RowsAsync(long taskId) => _app.QueryAsync(db =>
        db.Annotations.Where(a => a.TaskId == taskId).OrderBy(a => a.Id)
            .Select(a => new ValueTuple<string?, string>(a.UserId, a.ResultJson)).ToListAsync());

    [Fact]
    public async Task Submit_SecondRaterReusingTheFirstRatersKey_StoresTheirOwnAnnotation()
    {
        var task = await NextAsync(_rater1);
        Assert.Equal(task, await NextAsync(_rater2));
        var first = await SubmitAsync(_rater1, task, "Positive", "shared-key");
        var second = await SubmitAsync(_rater2, task, "Negative", "shared-key");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.NotEqual(await AnnotationIdOf(first), await AnnotationIdOf(second));
        var rows = await RowsAsync(task);
        Assert.Equal(2, rows.Count);
        Assert.Contains("Negative", rows[1].Result);
    }

    [Fact]
    public async Task Submit_SameKeyDifferentAnswer_Is409AndTheFirstAnswerStays()
    {
        var task = await NextAsync(_rater1);
        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(_rater1, task, "Positive", "k-1")).StatusCode);

        var changed = await SubmitAsync(_rater1, task, "Negative", "k-1");

        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        Assert.Contains("already used on this task for a different answer", await changed.Content.ReadAsStringAsync());
        var row = Assert.Single(await RowsAsync(task));
        Assert.Contains("Positive", row.Result);
    }

    [Fact]
    public async Task Submit_TrueRetryByHeader_ReturnsTheOriginalAnnotation()
    {
        var task = await NextAsync(_rater1);
        var first = await SubmitAsync(_rater1, task, "Positive", "retry-7", header: true);
        var retry = await SubmitAsync(_rater1, task, "Positive", "retry-7", header: true);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var body = await retry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("duplicate").GetBoolean());
        Assert.Equal(await AnnotationIdOf(first), body.GetProperty("annotationId").GetInt64());
        Assert.Single(await RowsAsync(task));
    }

    [Fact]
    public async Task Submit_SecondAnswerWithoutKey_Is409NotASilentSuccess()
    {
        var task = await NextAsync(_rater1);
        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(_rater1, task, "Positive", null)).StatusCode);
        var again = await SubmitAsync(_rater1, task, "Neutral", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("You already answered this task", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Submit_SameKeyOnAnotherTask_IsANewAnnotation()
    {
        var first = await NextAsync(_rater1);
        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(_rater1, first, "Positive", "per-task")).StatusCode);
        var second = await NextAsync(_rater1);
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(_rater1, second, "Positive", "per-task")).StatusCode);
        Assert.Equal(2, await _app.QueryAsync(db => db.Annotations.CountAsync(a => a.IdempotencyKey == "per-task")));
    }

    [Fact]
    public async Task Submit_ParallelRetries_StoreOneRow()
    {
        var task = await NextAsync(_rater1);
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => SubmitAsync(_rater1, task, "Positive", "burst")));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK));
        Assert.Single((await Task.WhenAll(responses.Select(AnnotationIdOf))).Distinct());
        Assert.Single(await RowsAsync(task));
    }

    private static Task<HttpResponseMessage> ReviseAsync(HttpClient client, long annotationId, string choice, string key) =>
        client.PostAsync($"/api/annotations/{annotationId}/revisions", new StringContent(
            TestApp.ChoiceResult(choice).TrimEnd('}') + $",\"idempotency_key\":\"{key}\"}}", Encoding.UTF8, "application/json"));

    private async Task<long> AnsweredAsync(HttpClient client, string key)
    {
        var task = await NextAsync(client);
        var submitted = await SubmitAsync(client, task, "Positive", key);
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        return await AnnotationIdOf(submitted);
    }

    [Fact]
    public async Task Revise_TrueRetry_ReturnsTheStoredRevision()
    {
        var answer = await AnsweredAsync(_rater1, "submit-1");
        var first = await ReviseAsync(_rater1, answer, "Negative", "revise-1");
        var retry = await ReviseAsync(_rater1, answer, "Negative", "revise-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var body = await retry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("duplicate").GetBoolean());
        Assert.Equal(await AnnotationIdOf(first), body.GetProperty("annotationId").GetInt64());
        Assert.Equal(2, await _app.QueryAsync(db => db.Annotations.CountAsync(a => a.UserId != null && a.IdempotencyKey != null)));
    }

    [Fact]
    public async Task Revise_SameKeyAnotherAnswer_Is409AndTheRevisionStays()
    {
        var answer = await AnsweredAsync(_rater1, "submit-2");
        Assert.Equal(HttpStatusCode.Created, (await ReviseAsync(_rater1, answer, "Negative", "revise-2")).StatusCode);

        var changed = await ReviseAsync(_rater1, answer, "Neutral", "revise-2");
        // The submit's own key names another answer on this task (the first one), never this revision.
        var submitKey = await ReviseAsync(_rater1, answer, "Neutral", "submit-2");

        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        Assert.Contains("already used on this task for a different answer", await changed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, submitKey.StatusCode);
        var rows = await _app.QueryAsync(db => db.Annotations.Where(a => a.SupersedesId == answer).Select(a => a.ResultJson).ToListAsync());
        Assert.Contains("Negative", Assert.Single(rows));
    }

    [Fact]
    public async Task Revise_AnotherRatersKey_StoresTheirOwnRevision()
    {
        var mine = await AnsweredAsync(_rater1, "shared-submit");
        var theirs = await AnsweredAsync(_rater2, "shared-submit");
        Assert.Equal(HttpStatusCode.Created, (await ReviseAsync(_rater1, mine, "Negative", "shared-revise")).StatusCode);

        var response = await ReviseAsync(_rater2, theirs, "Neutral", "shared-revise");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var revision = await AnnotationIdOf(response);
        Assert.Equal((theirs, "Neutral"), await _app.QueryAsync(async db =>
        {
            var row = await db.Annotations.SingleAsync(a => a.Id == revision);
            return (row.SupersedesId!.Value, row.ResultJson.Contains("Neutral") ? "Neutral" : row.ResultJson);
        }));
    }

    [Fact]
    public async Task Submit_OverlongKey_Is400()
    {
        var task = await NextAsync(_rater1);
        var response = await SubmitAsync(_rater1, task, "Positive", new string('k', 101));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 100", await response.Content.ReadAsStringAsync());
    }
}
