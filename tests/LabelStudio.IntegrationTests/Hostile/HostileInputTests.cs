using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LabelStudio.Data.Identity;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.IntegrationTests.Hostile;

/// <summary>
/// Every endpoint that takes a body, against every hostile body of the corpus: a clean 4xx that says what is wrong,
/// the server still answering, and not one row more or less in any table (a failed import or ingest keeps its failed
/// job, and a refused sign-in its audit event, on purpose: that is the record of what failed). No spooled file is left
/// behind either.
/// </summary>
public sealed class HostileInputTests(HostileInputTests.Server server) : IClassFixture<HostileInputTests.Server>
{
    public sealed class Server : IAsyncLifetime
    {
        public KestrelAppFactory App { get; } = new(settings: new Dictionary<string, string?>
        {
            ["Kestrel:Limits:MaxRequestBodySize"] = (2 << 20).ToString(),
            ["Import:MaxUploadBytes"] = (1 << 20).ToString(),
            ["Import:MaxRecordBytes"] = (64 << 10).ToString(),
            ["Feedback:MaxUploadBytes"] = (1 << 20).ToString(),
            ["Quality:DebounceMilliseconds"] = "50",
        });

        public HttpClient Admin { get; private set; } = null!;
        public Dictionary<string, string> Ids { get; } = [];

        public async Task InitializeAsync()
        {
            await App.CreateUserAsync("admin@hostile.test", Roles.Admin);
            var rater = await App.CreateUserAsync("rater@hostile.test", Roles.Rater);
            var project = await App.CreateProjectAsync("Hostile inputs");
            await App.AddMemberAsync(project, rater);
            Admin = await App.SignInAsync("admin@hostile.test");
            Assert.Equal(HttpStatusCode.Created, (await Admin.ImportAsync(project, "t.jsonl", "{\"text\":\"one\"}\n{\"text\":\"two\"}\n")).StatusCode);
            Ids["project"] = project.ToString();
            Ids["user"] = rater;
            var tasks = await App.QueryAsync(db => db.Tasks.Where(t => t.ProjectId == project).OrderBy(t => t.Id).Select(t => t.Id).ToListAsync());
            Ids["task"] = tasks[0].ToString();
            // The administrator labels too (as a member), so that drafts and revisions reach their own checks; their
            // answer on the second task is the one revisions revise.
            var adminId = await App.QueryAsync(db => db.Users.Where(u => u.Email == "admin@hostile.test").Select(u => u.Id).FirstAsync());
            await App.AddMemberAsync(project, adminId);
            var answered = await Admin.PostAsync($"/api/tasks/{tasks[1]}/annotations",
                new StringContent(TestApp.ChoiceResult("Positive"), System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, answered.StatusCode);
            Ids["annotation"] = (await answered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("annotationId").GetInt64().ToString();
            // The answer queues a quality recompute: let it finish (snapshot, re-score, run record) before any table is compared.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!await App.QueryAsync(db => db.ConsensusRuns.AnyAsync(r => r.FinishedAt != null)) && DateTime.UtcNow < deadline) await Task.Delay(50);
            var version = await Datasets.DatasetScenario.CreateVersionAsync(Admin, project, new { name = "Hostile", filter = new { includeUnlabeled = true } });
            Ids["dataset"] = version.GetProperty("id").GetInt64().ToString();
        }

        public async Task DisposeAsync() => await App.DisposeAsync();
    }

    public static TheoryData<string> EndpointsWithBodies()
    {
        var data = new TheoryData<string>();
        foreach (var endpoint in HostileEndpoints.All.Where(e => e.Body != BodyKind.None)) data.Add(endpoint.ToString());
        return data;
    }

    [Theory]
    [MemberData(nameof(EndpointsWithBodies))]
    public async Task Endpoint_EveryHostileBody_CleanRefusal_ServerUp_DatabaseUnchanged(string name)
    {
        var endpoint = HostileEndpoints.All.Single(e => e.ToString() == name);
        var address = server.Ids.Aggregate(endpoint.Address, (a, id) => a.Replace("{" + id.Key + "}", id.Value));
        using var anonymous = server.App.CreateSocketClient();
        var client = endpoint.Pattern.StartsWith("/api", StringComparison.Ordinal) ? server.Admin : anonymous;
        var failures = new List<string>();

        foreach (var body in endpoint.Bodies)
        {
            var before = DatabaseSnapshot.Take(server.App.Database.ConnectionString);
            using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), address) { Content = body.ToContent() };
            // The client waits for the server's go-ahead, so a refusal before the body is read arrives as a response.
            request.Headers.ExpectContinue = true;
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request);
            }
            catch (HttpRequestException e)
            {
                failures.Add($"{body}: the connection broke ({e.Message})");
                continue;
            }
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            if (status is < 400 or >= 500)
            {
                failures.Add($"{body}: HTTP {status}, not a 4xx: {Shorten(text)}");
            }
            else if (MessageOf(text) is not { Length: > 0 } message)
            {
                failures.Add($"{body}: HTTP {status} without a message: {Shorten(text)}");
            }
            else if (message.Contains("   at ", StringComparison.Ordinal) || message.Contains("Exception", StringComparison.Ordinal))
            {
                failures.Add($"{body}: the message leaks internals: {Shorten(message)}");
            }

            if ((await server.Admin.GetAsync("/api/projects")).StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"{body}: the server stopped answering");
                break;
            }
            var changed = await WaitUntilUnchangedAsync(before, endpoint.Body == BodyKind.File);
            if (changed.Count > 0) failures.Add($"{body}: rows changed: {string.Join(", ", changed)}");
        }

        var leftover = Directory.Exists(server.App.WorkDirectory)
            ? Directory.EnumerateFiles(server.App.WorkDirectory, "*", SearchOption.AllDirectories).ToList()
            : [];
        Assert.True(leftover.Count == 0, "files left in the work folder: " + string.Join(", ", leftover.Select(Path.GetFileName)));
        Assert.True(failures.Count == 0, $"{name}:\n  " + string.Join("\n  ", failures));
    }

    [Fact]
    public void Corpus_CoversEveryEndpointThatTakesABody()
    {
        var patterns = server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api/", StringComparison.Ordinal) || raw.StartsWith("/Account/", StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
                .Where(m => m is "POST" or "PUT" or "PATCH")
                .Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .Distinct().ToList();
        var corpus = HostileEndpoints.All.Select(e => $"{e.Method} {Normalize(e.Pattern)}").ToHashSet();

        var missing = patterns.Where(p => !corpus.Contains(p)).ToList();
        Assert.True(missing.Count == 0, "Endpoints without a row in HostileEndpoints: " + string.Join(", ", missing));
        Assert.All(corpus, c => Assert.Contains(c, patterns));
    }

    /// <summary>
    /// Rows written and discarded by a failed job are deleted in the background: wait (bounded) for that. A failed
    /// file job keeps its Jobs row, and a refused sign-in its audit event, which is the point.
    /// </summary>
    private async Task<IReadOnlyList<string>> WaitUntilUnchangedAsync(DatabaseSnapshot before, bool fileEndpoint)
    {
        var ignore = fileEndpoint ? new[] { "Jobs", "AuditEvents" } : ["AuditEvents"];
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var changed = before.Differences(DatabaseSnapshot.Take(server.App.Database.ConnectionString), ignore);
            if (changed.Count == 0 || DateTime.UtcNow > deadline) return changed;
            await Task.Delay(100);
        }
    }

    private static string Normalize(string pattern) => pattern.Length > 1 ? pattern.TrimEnd('/') : pattern;

    /// <summary>The human sentence of a refusal: a problem's detail or title, an import's message, or plain text.</summary>
    private static string? MessageOf(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            foreach (var key in new[] { "detail", "message", "title" })
            {
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(key, out var value) && value.GetString() is { Length: > 0 } text)
                {
                    return text;
                }
            }
            return null;
        }
        catch (JsonException)
        {
            return body.Trim();
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
