using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LabelStudio.Data.Identity;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace LabelStudio.IntegrationTests.Labeling;

public sealed class LabelingApiTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly KestrelAppFactory _app;
    private long _projectId;
    private HttpClient _alice = null!, _bob = null!, _carol = null!;

    public LabelingApiTests() => _app = new KestrelAppFactory(clock: _clock);

    public async Task InitializeAsync()
    {
        _projectId = await _app.CreateProjectAsync("Loop", overlap: 2, leaseMinutes: 10);
        await _app.CreateUserAsync("admin@test.local", Roles.Admin);
        var admin = await _app.SignInAsync("admin@test.local");
        var response = await admin.ImportAsync(_projectId, "t.jsonl", "{\"text\":\"one\"}\n{\"text\":\"two\"}\n{\"text\":\"three\"}\n");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        foreach (var name in new[] { "alice", "bob", "carol" })
        {
            var id = await _app.CreateUserAsync($"{name}@test.local", Roles.Rater);
            await _app.AddMemberAsync(_projectId, id);
        }
        _alice = await _app.SignInAsync("alice@test.local");
        _bob = await _app.SignInAsync("bob@test.local");
        _carol = await _app.SignInAsync("carol@test.local");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<long> NextAsync(HttpClient client)
    {
        var response = await client.GetAsync($"/api/projects/{_projectId}/next");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("taskId").GetInt64();
    }

    private static Task<HttpResponseMessage> SubmitAsync(HttpClient client, long taskId, string json) =>
        client.PostAsync($"/api/tasks/{taskId}/annotations", new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Next_ClosestToCompletionFirst_ThenSequential()
    {
        var first = await NextAsync(_alice);
        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(_alice, first, TestApp.ChoiceResult("Positive"))).StatusCode);
        // Bob gets the task that already has one rating, not the next fresh one.
        Assert.Equal(first, await NextAsync(_bob));
        // Alice never gets a task she already rated.
        Assert.NotEqual(first, await NextAsync(_alice));
    }

    [Fact]
    public async Task Next_SameRaterAgain_KeepsTheTaskTheyHold()
    {
        var held = await NextAsync(_alice);
        Assert.Equal(held, await NextAsync(_alice));
    }

    [Fact]
    public async Task Next_FullyReservedTask_IsNotHandedToAThirdRater_UntilTheLeaseExpires()
    {
        var a = await NextAsync(_alice);
        var b = await NextAsync(_bob);
        Assert.Equal(a, b); // overlap 2: both may hold the first task
        var c = await NextAsync(_carol);
        Assert.NotEqual(a, c);

        _clock.Advance(TimeSpan.FromMinutes(11));
        // Alice's and Bob's leases expired: the task goes back into the pool, and Carol keeps hers (renewed on ask).
        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(_carol, c, TestApp.ChoiceResult("Neutral"))).StatusCode);
        Assert.Equal(a, await NextAsync(_carol));
    }

    [Fact]
    public async Task Submit_AfterLeaseExpiredAndTaskFilled_IsRejectedWithConflict()
    {
        var task = await NextAsync(_alice);
        _clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(task, await NextAsync(_bob));
        Assert.Equal(task, await NextAsync(_carol));
        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(_bob, task, TestApp.ChoiceResult("Positive"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(_carol, task, TestApp.ChoiceResult("Positive"))).StatusCode);

        var late = await SubmitAsync(_alice, task, TestApp.ChoiceResult("Negative"));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal(2, await _app.QueryAsync(db => db.Annotations.CountAsync(x => x.TaskId == task)));
    }

    [Fact]
    public async Task Submit_Twice_StoresOneAnnotation()
    {
        var task = await NextAsync(_alice);
        var body = TestApp.ChoiceResult("Positive").TrimEnd('}') + ",\"idempotency_key\":\"k-1\"}";
        var first = await SubmitAsync(_alice, task, body);
        var second = await SubmitAsync(_alice, task, body);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var ids = new[] { first, second }.Select(r => r.Content.ReadFromJsonAsync<JsonElement>().Result.GetProperty("annotationId").GetInt64());
        Assert.Single(ids.Distinct());
        Assert.Equal(1, await _app.QueryAsync(db => db.Annotations.CountAsync(x => x.TaskId == task)));
    }

    [Fact]
    public async Task Submit_MissingRequiredChoice_IsRejectedAndNothingStored()
    {
        var task = await NextAsync(_alice);
        var response = await SubmitAsync(_alice, task, """{"result":[],"lead_time":2}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("sentiment", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await _app.QueryAsync(db => db.Annotations.CountAsync(x => x.TaskId == task)));
    }

    [Fact]
    public async Task Skip_TaskIsNeverServedAgainToThatRater()
    {
        var task = await NextAsync(_alice);
        var skip = await SubmitAsync(_alice, task, """{"was_cancelled":true}""");
        Assert.Equal(HttpStatusCode.Created, skip.StatusCode);
        for (var i = 0; i < 2; i++)
        {
            var next = await NextAsync(_alice);
            Assert.NotEqual(task, next);
            Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(_alice, next, TestApp.ChoiceResult("Neutral"))).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await _alice.GetAsync($"/api/projects/{_projectId}/next")).StatusCode);
    }

    [Fact]
    public async Task Annotations_ARaterSeesOnlyTheirOwn()
    {
        var task = await NextAsync(_alice);
        await SubmitAsync(_alice, task, TestApp.ChoiceResult("Positive"));
        Assert.Equal(task, await NextAsync(_bob));
        await SubmitAsync(_bob, task, TestApp.ChoiceResult("Negative"));

        var seenByBob = await _bob.GetStringAsync($"/api/tasks/{task}/annotations");
        Assert.Contains("Negative", seenByBob);
        Assert.DoesNotContain("Positive", seenByBob);
    }

    [Fact]
    public async Task Next_ForNonMember_IsNotFound()
    {
        await _app.CreateUserAsync("dave@test.local", Roles.Rater);
        var dave = await _app.SignInAsync("dave@test.local");
        Assert.Equal(HttpStatusCode.NotFound, (await dave.GetAsync($"/api/projects/{_projectId}/next")).StatusCode);
        Assert.Empty(await dave.GetFromJsonAsync<JsonElement[]>("/api/projects") ?? []);
    }
}
