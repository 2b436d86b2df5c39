using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Jobs;
using LabelStudio.Data.Projects;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.IntegrationTests.Authorization;

/// <summary>
/// The data the matrix runs against: project P (the project of the rows), project Q (the "other" project), one user per
/// <see cref="MatrixActor"/>, a victim user for the user-administration rows, a task of P, background jobs and tokens.
/// Built once per test class through the app's own API and services.
/// </summary>
public sealed class MatrixWorld : IAsyncLifetime
{
    public const string ProjectName = "Matrix project P";
    public const string VictimTokenName = "matrix victim token";

    public KestrelAppFactory App { get; } = new();
    public long ProjectId { get; private set; }
    public long OtherProjectId { get; private set; }
    public long TaskId { get; private set; }
    public string VictimId { get; private set; } = "";

    public string RaterInsideId { get; private set; } = "";
    public string VictimEmail => "victim@matrix.local";
    public string SignInEmail => "signin@matrix.local";
    public long ImportJobId { get; private set; }
    /// <summary>P's first import batch (it has statistics).</summary>
    public long BatchId { get; private set; }
    public long FeedbackJobId { get; private set; }
    public long FeedbackIngestId { get; private set; }
    /// <summary>A job that stays queued (this process owns it but never runs it), for the cancel row.</summary>
    public long QueuedJobId { get; private set; }
    public long VictimTokenId { get; private set; }
    /// <summary>A ready dataset version of P (written as JSON Lines).</summary>
    public long DatasetId { get; private set; }

    private readonly Dictionary<MatrixActor, HttpClient> _bearer = [];
    private readonly Dictionary<MatrixActor, HttpClient> _cookie = [];
    private readonly Dictionary<MatrixActor, long> _ownTokens = [];

    public static string Email(MatrixActor actor) => $"{actor.ToString().ToLowerInvariant()}@matrix.local";

    public async Task InitializeAsync()
    {
        var ids = new Dictionary<MatrixActor, string>
        {
            [MatrixActor.RaterOutside] = await App.CreateUserAsync(Email(MatrixActor.RaterOutside), Roles.Rater),
            [MatrixActor.RaterInside] = await App.CreateUserAsync(Email(MatrixActor.RaterInside), Roles.Rater),
            [MatrixActor.LeadOfOther] = await App.CreateUserAsync(Email(MatrixActor.LeadOfOther), Roles.Lead),
            [MatrixActor.Lead] = await App.CreateUserAsync(Email(MatrixActor.Lead), Roles.Lead),
            [MatrixActor.Admin] = await App.CreateUserAsync(Email(MatrixActor.Admin), Roles.Admin),
        };
        RaterInsideId = ids[MatrixActor.RaterInside];
        VictimId = await App.CreateUserAsync(VictimEmail, Roles.Rater);
        await App.CreateUserAsync(SignInEmail, Roles.Rater);

        ProjectId = await App.CreateProjectAsync(ProjectName, overlap: 10);
        OtherProjectId = await App.CreateProjectAsync("Matrix project Q", overlap: 3);
        await App.AddMemberAsync(ProjectId, ids[MatrixActor.RaterInside]);
        await App.AddMemberAsync(ProjectId, ids[MatrixActor.Lead], ProjectRole.Lead);
        await App.AddMemberAsync(OtherProjectId, ids[MatrixActor.RaterOutside]);
        await App.AddMemberAsync(OtherProjectId, ids[MatrixActor.LeadOfOther], ProjectRole.Lead);

        _bearer[MatrixActor.Anonymous] = App.CreateSocketClient();
        _cookie[MatrixActor.Anonymous] = App.CreateBrowserClient();
        foreach (var actor in ids.Keys)
        {
            _bearer[actor] = await App.SignInAsync(Email(actor));
            _cookie[actor] = await App.SignInWithCookieAsync(Email(actor));
        }

        var admin = _bearer[MatrixActor.Admin];
        Assert.Equal(HttpStatusCode.Created, (await admin.ImportAsync(ProjectId, "p.jsonl", Tasks("p", 20))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.ImportAsync(OtherProjectId, "q.jsonl", Tasks("q", 3))).StatusCode);
        TaskId = await App.QueryAsync(db => db.Tasks.Where(t => t.ProjectId == ProjectId).MinAsync(t => t.Id));
        BatchId = await App.QueryAsync(db => db.ImportBatches.Where(b => b.ProjectId == ProjectId).MinAsync(b => b.Id));

        var import = await PostRawAsync(admin, $"/api/projects/{ProjectId}/import?fileName=job.jsonl&async=true", Tasks("job", 2), "application/x-ndjson");
        ImportJobId = await IdAsync(import, HttpStatusCode.Accepted);
        var ingest = await PostRawAsync(admin, $"/api/projects/{ProjectId}/feedback/ingest?fileName=clicks.jsonl&format=native&async=true",
            ClickLog, "application/x-ndjson");
        FeedbackJobId = await IdAsync(ingest, HttpStatusCode.Accepted);
        // The rollback row needs a standing ingest of P.
        await admin.WaitForJobAsync($"/api/jobs/{FeedbackJobId}");
        FeedbackIngestId = await App.QueryAsync(db => db.FeedbackIngests.Where(i => i.ProjectId == ProjectId).MinAsync(i => i.Id));
        QueuedJobId = await App.QueryAsync(async db =>
        {
            var job = new Job
            {
                Kind = "import", ProjectId = ProjectId, State = JobState.Queued, FileName = "queued.jsonl",
                CreatedAt = DateTime.UtcNow, Owner = JobOwner.Current, HeartbeatAt = DateTime.UtcNow,
            };
            db.Jobs.Add(job);
            await db.SaveChangesAsync();
            return job.Id;
        });

        var dataset = await admin.PostAsJsonAsync($"/api/projects/{ProjectId}/datasets", new { name = "Matrix dataset", formats = new[] { "jsonl" } });
        Assert.Equal(HttpStatusCode.Accepted, dataset.StatusCode);
        var created = await dataset.Content.ReadFromJsonAsync<JsonElement>();
        DatasetId = created.GetProperty("version").GetProperty("id").GetInt64();
        var built = await admin.WaitForJobAsync($"/api/jobs/{created.GetProperty("jobId").GetInt64()}");
        Assert.Equal("Succeeded", built.GetProperty("state").GetString());

        var victim = await App.SignInAsync(VictimEmail);
        VictimTokenId = (await CreateTokenAsync(victim, VictimTokenName)).GetProperty("view").GetProperty("id").GetInt64();
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>The API client of an actor: a bearer token from <c>POST /api/auth/token</c>, or nothing for anonymous.</summary>
    public HttpClient Api(MatrixActor actor) => _bearer[actor];

    /// <summary>The browser of an actor: the cookie from the sign-in page.</summary>
    public HttpClient Browser(MatrixActor actor) => _cookie[actor];

    /// <summary>Fills a route's parameters with this world's ids, for the given actor.</summary>
    public async Task<string> PathAsync(string route, MatrixActor actor)
    {
        var path = route
            .Replace("/api/projects/{id}", $"/api/projects/{ProjectId}")
            .Replace("/api/tasks/{id}", $"/api/tasks/{TaskId}")
            .Replace("/api/datasets/{id}/diff", $"/api/datasets/{DatasetId}/diff?against={DatasetId}")
            .Replace("/api/datasets/{id}", $"/api/datasets/{DatasetId}")
            .Replace("/api/users/{id}", $"/api/users/{VictimId}")
            .Replace("/members/{userId}/resume", $"/members/{RaterInsideId}/resume")
            .Replace("{table}", "trend")
            .Replace("{TaskId}", TaskId.ToString())
            .Replace("{userId}", VictimId)
            .Replace("/api/import-jobs/{jobId}", $"/api/import-jobs/{ImportJobId}")
            .Replace("/api/feedback-jobs/{jobId}", $"/api/feedback-jobs/{FeedbackJobId}")
            .Replace("{ingestId}", FeedbackIngestId.ToString())
            .Replace("/api/jobs/{jobId}/cancel", $"/api/jobs/{QueuedJobId}/cancel")
            .Replace("/api/jobs/{jobId}", $"/api/jobs/{ImportJobId}")
            .Replace("/api/tokens/{tokenId}", $"/api/tokens/{VictimTokenId}")
            .Replace("{documentName}", "v1")
            .Replace("{batchId}", BatchId.ToString())
            .Replace("/drift", $"/drift?baseline={BatchId}&current={BatchId}")
            .Replace("{Id}", ProjectId.ToString())
            .Replace("{ProjectId}", ProjectId.ToString());
        if (path.Contains("/api/annotations/{id}"))
        {
            path = path.Replace("/api/annotations/{id}", $"/api/annotations/{await NewestAnnotationAsync(actor)}");
        }
        if (path.Contains("/api/me/tokens/{tokenId}"))
        {
            path = path.Replace("{tokenId}", (await OwnTokenAsync(actor)).ToString());
        }
        Assert.DoesNotContain("{", path);
        return path;
    }

    /// <summary>The actor's own newest annotation on the task; actors without one get the inside rater's.</summary>
    private async Task<long> NewestAnnotationAsync(MatrixActor actor)
    {
        var owner = actor is MatrixActor.RaterInside or MatrixActor.Lead ? actor : MatrixActor.RaterInside;
        var annotations = await _bearer[owner].GetFromJsonAsync<JsonElement>($"/api/tasks/{TaskId}/annotations");
        return annotations.EnumerateArray().OrderByDescending(a => a.GetProperty("revision").GetInt32())
            .Select(a => a.GetProperty("id").GetInt64()).First();
    }

    /// <summary>A token of the actor itself (anonymous borrows the victim's: it must be refused before ownership matters).</summary>
    private async Task<long> OwnTokenAsync(MatrixActor actor)
    {
        if (actor == MatrixActor.Anonymous) return VictimTokenId;
        if (!_ownTokens.TryGetValue(actor, out var id))
        {
            id = (await CreateTokenAsync(_bearer[actor], $"matrix {actor}")).GetProperty("view").GetProperty("id").GetInt64();
            _ownTokens[actor] = id;
        }
        return id;
    }

    private static async Task<JsonElement> CreateTokenAsync(HttpClient client, string name)
    {
        var response = await client.PostAsJsonAsync("/api/me/tokens", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static Task<HttpResponseMessage> PostRawAsync(HttpClient client, string path, string body, string contentType)
    {
        var content = new StringContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return client.PostAsync(path, content);
    }

    private static async Task<long> IdAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public static string Tasks(string prefix, int count) =>
        string.Concat(Enumerable.Range(1, count).Select(i => $"{{\"text\":\"{prefix} task {i}\"}}\n"));

    /// <summary>One impression in the native click-log format (a log without a usable line is a failed ingest).</summary>
    public const string ClickLog =
        "{\"impression_id\":\"imp-1\",\"session_id\":\"s1\",\"user_id\":\"u1\",\"query_id\":\"q1\",\"ts\":1700000000000," +
        "\"results\":[\"d1\",\"d2\"],\"clicks\":[{\"pos\":1,\"doc\":\"d1\",\"ts\":1700000001500,\"dwell\":40.0}]}\n";
}
