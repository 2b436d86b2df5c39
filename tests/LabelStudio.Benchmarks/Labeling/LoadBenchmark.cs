using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LabelStudio.Benchmarks.Infrastructure;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Admin;
using LabelStudio.Data.Common;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Import;
using LabelStudio.Data.Projects;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.Benchmarks.Labeling;

/// <summary>
/// Raters against a real server, first without and then with a large import into the same project, so machine noise
/// falls on both sides alike: R raters, each looping next, a short think, submit, a short think, for S seconds over
/// loopback (the baseline phase); then the same for S seconds while an N-task import is staged (the import phase);
/// then the same import again with no rater at work, to show what pacing costs it. Per phase: throughput, p50/p99/max
/// of next and submit, the server's CPU time, garbage collections and GC pause time (from its admin-only runtime
/// endpoint) and the benchmark's own; then the import phase minus the baseline. The server is the built web app run
/// as its own process with its real GC settings (<see cref="ServerProcess"/>); <c>--in-process</c> hosts it inside
/// the benchmark instead. Checks that no task went over its overlap, that every accepted answer is stored once, that
/// no request failed, and that no rater write waited more than 100 ms behind an import chunk.
/// Usage: load [raters=200] [seconds=60] [importTasks=1000000] [poolTasks=30000] [--in-process] [--no-solo]
/// (--no-solo skips the import with no rater at work). LOAD_TRACE_TOOL traces the server per phase (<see cref="ServerTrace"/>).
/// </summary>
public sealed class LoadBenchmark : IBenchmark
{
    private const string Password = "Load-password-1";
    /// <summary>The longest any rater write may wait behind import, click ingest or dataset chunks.</summary>
    private const double MaxWaitBehindJobMs = 100;

    public string Name => "load";
    public string Description => "R raters (default 200) on next/submit for S s (60) without, then with an N-task import (1,000,000)";

    private sealed record Sample(string Op, double Milliseconds, int Status);

    public async Task<int> RunAsync(string[] args)
    {
        var inProcess = args.Contains("--in-process");
        var solo = !args.Contains("--no-solo");
        args = [.. args.Where(a => !a.StartsWith("--", StringComparison.Ordinal))];
        int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
        var raters = Arg(0, 200);
        var seconds = Arg(1, 60);
        var importTasks = Arg(2, 1_000_000);
        var poolTasks = Arg(3, 30_000);
        var directory = Path.Combine(Path.GetTempPath(), "labelstudio-load-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var database = Path.Combine(directory, "load.db");
        try
        {
            Console.WriteLine($"Machine: {Environment.ProcessorCount} cores; load average before: {LoadAverage()}");
            // Every rater signs in from the same loopback address: the sign-in limit (30 a minute per address) is for attackers.
            var settings = new Dictionary<string, string?>
            {
                ["RateLimits:SignIn:PermitLimit"] = (raters + 10).ToString(CultureInfo.InvariantCulture),
            };
            long projectId;
            IReadOnlyList<string> raterIds;
            await using (var arranging = new BenchmarkApp(database, settings))
            {
                (projectId, raterIds) = await ArrangeAsync(arranging, raters, poolTasks);
            }
            SqliteConnection.ClearAllPools();
            var webDll = inProcess ? null : ServerProcess.FindWebApp();
            if (!inProcess && webDll is null) Console.WriteLine("The web app's build output was not found: hosting the server in-process.");
            await using var server = webDll is null ? null : await ServerProcess.StartAsync(webDll, database, settings);
            await using var app = server is null ? new BenchmarkApp(database, settings) : null;
            var baseUrl = server?.BaseUrl ?? app!.BaseUrl;
            if (server is not null) Console.WriteLine($"Server process id: {server.ProcessId}");
            Console.WriteLine(server is null
                ? "Server: in this process (client and server share CPU, heap and GC; the client's share is reported apart)"
                : $"Server: its own process ({webDll}), with the web app's GC settings");
            var importFile = Path.Combine(directory, "import.jsonl");
            // The solo import repeats the first one's work on other texts: the same texts would be refused as duplicates.
            var soloImportFile = Path.Combine(directory, "import-solo.jsonl");
            if (importTasks > 0)
            {
                WriteTasks(importFile, importTasks, "Imported review");
                WriteTasks(soloImportFile, importTasks, "Second review");
            }

            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = raters + 16, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
            using var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(10) };
            var adminToken = await TokenAsync(http, "admin@load.test");
            var tokens = await Task.WhenAll(raterIds.Select((_, i) => TokenAsync(http, $"rater{i}@load.test")));
            var (_, runtime) = await RuntimeSnapshot.ServerAsync(http, adminToken);
            Console.WriteLine($"Server runtime: server GC {runtime.GetProperty("serverGc")}, {runtime.GetProperty("latencyMode")}, " +
                              $"{runtime.GetProperty("heapCount")} heap(s)");

            var accepted = new ConcurrentBag<(long Task, int Rater)>();
            // A few seconds unmeasured first: the server's first requests pay for JIT compilation, not for the database.
            using (var warmUp = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            {
                await Task.WhenAll(tokens.Select((token, i) => RaterAsync(http, token, i, projectId, [], accepted, warmUp.Token)));
            }

            async Task<Sample[]> PhaseAsync(string name)
            {
                var samples = new ConcurrentBag<Sample>();
                var (serverBefore, _) = await RuntimeSnapshot.ServerAsync(http, adminToken);
                var clientBefore = RuntimeSnapshot.Client();
                using var window = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
                var wall = Stopwatch.StartNew();
                using var trace = server is null ? null : ServerTrace.Start(server.ProcessId, name, seconds);
                await Task.WhenAll(tokens.Select((token, i) => RaterAsync(http, token, i, projectId, samples, accepted, window.Token)));
                wall.Stop();
                if (trace is not null) await trace.WaitAsync();
                var clientAfter = RuntimeSnapshot.Client();
                var (serverAfter, _) = await RuntimeSnapshot.ServerAsync(http, adminToken);
                Console.WriteLine($"Phase {name}: load average at its end {LoadAverage()}");
                Report(samples, wall.Elapsed, raters);
                Console.WriteLine($"  server: {serverAfter.Since(serverBefore)}");
                Console.WriteLine($"  client: {clientAfter.Since(clientBefore)}{(server is null ? " (includes the server: same process)" : "")}");
                return [.. samples];
            }

            var failures = new List<string>();
            var baseline = await PhaseAsync("baseline (no import)");
            var all = baseline.ToList();
            if (importTasks > 0)
            {
                var importWatch = Stopwatch.StartNew();
                var importJob = await StartImportAsync(http, adminToken, projectId, importFile);
                Console.WriteLine($"Import of {importTasks:N0} tasks queued as job {importJob}; uploaded in {importWatch.Elapsed.TotalSeconds:F1} s");
                await WaitForStateAsync(http, adminToken, importJob, s => s != "Queued");
                var running = Stopwatch.StartNew();
                var during = await PhaseAsync("import (raters while the import runs)");
                all.AddRange(during);
                var job = await JobAsync(http, adminToken, importJob);
                Console.WriteLine($"Import after the window: {job.GetProperty("state").GetString()}, " +
                                  $"{job.GetProperty("stage").GetString()} {job.GetProperty("progressDone").GetInt64():N0}/{job.GetProperty("progressTotal").GetInt64():N0}");
                var done = await WaitForStateAsync(http, adminToken, importJob, s => s is not ("Queued" or "Running"));
                var withRaters = running.Elapsed;
                var importState = done.GetProperty("state").GetString()!;
                Console.WriteLine($"Import {importState} {withRaters.TotalSeconds:F1} s after it started (raters at work for the first {seconds} s): " +
                                  done.GetProperty("message").GetString());
                if (importState != "Succeeded") failures.Add($"the import ended {importState}");
                Compare(baseline, during);

                if (solo)
                {
                    // The same import with nobody labeling: what the pacing cost the import.
                    var (serverBefore, _) = await RuntimeSnapshot.ServerAsync(http, adminToken);
                    var alone = await StartImportAsync(http, adminToken, projectId, soloImportFile);
                    await WaitForStateAsync(http, adminToken, alone, s => s != "Queued");
                    running.Restart();
                    var aloneDone = await WaitForStateAsync(http, adminToken, alone, s => s is not ("Queued" or "Running"));
                    var (serverAfter, _) = await RuntimeSnapshot.ServerAsync(http, adminToken);
                    var aloneState = aloneDone.GetProperty("state").GetString()!;
                    Console.WriteLine($"The same import with no rater at work: {aloneState} in {running.Elapsed.TotalSeconds:F1} s " +
                                      $"(with raters: {withRaters.TotalSeconds:F1} s); server: {serverAfter.Since(serverBefore)}");
                    if (aloneState != "Succeeded") failures.Add($"the import with no rater at work ended {aloneState}: {aloneDone.GetProperty("message").GetString()}");
                }
            }

            failures.AddRange(Verify(database, all, accepted, projectId));
            var (_, final) = await RuntimeSnapshot.ServerAsync(http, adminToken);
            var maxBehind = final.GetProperty("maxRaterWaitBehindJobsMilliseconds").GetDouble();
            Console.WriteLine($"Rater writes behind import/ingest/dataset chunks: n={final.GetProperty("raterWritesBehindJobs").GetInt64():N0}  " +
                              $"max {maxBehind:F1} ms (limit {MaxWaitBehindJobMs} ms)");
            if (maxBehind > MaxWaitBehindJobMs) failures.Add($"a rater write waited {maxBehind:F1} ms behind job chunks (limit {MaxWaitBehindJobMs} ms)");
            foreach (var failure in failures) Console.WriteLine("FAILED: " + failure);
            Console.WriteLine(failures.Count == 0 ? "All checks passed." : $"{failures.Count} check(s) failed.");
            return failures.Count == 0 ? 0 : 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>The import phase minus the baseline, per operation: what an import costs a rater.</summary>
    private static void Compare(Sample[] baseline, Sample[] during)
    {
        Console.WriteLine("Import phase minus baseline:");
        foreach (var op in new[] { "next", "submit" })
        {
            var before = Times(baseline, op);
            var after = Times(during, op);
            if (before.Length == 0 || after.Length == 0) continue;
            Console.WriteLine($"  {op,-6} p50 {Percentile(before, 0.5),6:F1} -> {Percentile(after, 0.5),6:F1} ms ({Percentile(after, 0.5) - Percentile(before, 0.5),+7:F1})  " +
                              $"p99 {Percentile(before, 0.99),6:F1} -> {Percentile(after, 0.99),6:F1} ms ({Percentile(after, 0.99) - Percentile(before, 0.99),+7:F1})  " +
                              $"max {before[^1],6:F1} -> {after[^1],6:F1} ms");
        }
    }

    private static double[] Times(IEnumerable<Sample> samples, string op) => [.. samples.Where(s => s.Op == op).Select(s => s.Milliseconds).Order()];

    private static async Task RaterAsync(HttpClient http, string token, int rater, long projectId, ConcurrentBag<Sample> samples,
        ConcurrentBag<(long Task, int Rater)> accepted, CancellationToken window)
    {
        var random = new Random(rater);
        var choices = new[] { "Positive", "Negative", "Neutral" };
        while (!window.IsCancellationRequested)
        {
            using var next = new HttpRequestMessage(HttpMethod.Get, $"/api/projects/{projectId}/next");
            next.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var (nextResponse, nextMs) = await TimeAsync(http, next);
            samples.Add(new Sample("next", nextMs, (int)nextResponse.StatusCode));
            if (nextResponse.StatusCode != HttpStatusCode.OK)
            {
                if (!await ThinkAsync(random, 500, window)) break;
                continue;
            }
            var taskId = (await nextResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("taskId").GetInt64();
            if (!await ThinkAsync(random, 300, window)) break;

            var body = $$$"""{"result":[{"id":"r{{{rater}}}","from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["{{{choices[random.Next(3)]}}}"]}}],"lead_time":1.2,"idempotency_key":"{{{rater}}}-{{{taskId}}}"}""";
            using var submit = new HttpRequestMessage(HttpMethod.Post, $"/api/tasks/{taskId}/annotations")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            submit.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var (submitResponse, submitMs) = await TimeAsync(http, submit);
            samples.Add(new Sample("submit", submitMs, (int)submitResponse.StatusCode));
            if (submitResponse.StatusCode == HttpStatusCode.Created) accepted.Add((taskId, rater));
            if (!await ThinkAsync(random, 300, window)) break;
        }
    }

    private static async Task<(HttpResponseMessage Response, double Milliseconds)> TimeAsync(HttpClient http, HttpRequestMessage request)
    {
        var watch = Stopwatch.StartNew();
        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return (response, watch.Elapsed.TotalMilliseconds);
    }

    /// <summary>A short think: uniformly 50 ms to <paramref name="maxMs"/>. False when the window has closed.</summary>
    private static async Task<bool> ThinkAsync(Random random, int maxMs, CancellationToken window)
    {
        try
        {
            await Task.Delay(random.Next(50, maxMs), window);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static void Report(ConcurrentBag<Sample> samples, TimeSpan wall, int raters)
    {
        Console.WriteLine($"{raters} raters for {wall.TotalSeconds:F1} s: {samples.Count:N0} requests, {samples.Count / wall.TotalSeconds:F0} requests/s, " +
                          $"{samples.Count(s => s.Op == "submit" && s.Status == 201) / wall.TotalSeconds:F0} accepted submits/s");
        foreach (var op in new[] { "next", "submit" })
        {
            var times = Times(samples, op);
            if (times.Length == 0) continue;
            Console.WriteLine($"  {op,-6} n={times.Length,7:N0}  p50 {Percentile(times, 0.50),6:F1} ms  p99 {Percentile(times, 0.99),7:F1} ms  " +
                              $"max {times[^1],7:F1} ms  over 100 ms: {times.Count(t => t > 100):N0}");
        }
    }

    private static List<string> Verify(string database, IReadOnlyCollection<Sample> samples, ConcurrentBag<(long Task, int Rater)> accepted, long projectId)
    {
        var failures = new List<string>();
        var failed = samples.Where(s => s.Status >= 400 && !(s.Op == "next" && s.Status == 404)).ToList();
        if (failed.Count > 0)
        {
            failures.Add($"{failed.Count} requests failed ({string.Join(", ", failed.GroupBy(f => $"{f.Op} {f.Status}").Select(g => $"{g.Key} x{g.Count()}"))})");
        }
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        long Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        var over = Scalar($"SELECT COUNT(*) FROM Tasks t WHERE t.ProjectId = {projectId} AND (t.CompletedCount > t.RequiredRatings OR " +
                          "(SELECT COUNT(*) FROM Annotations a WHERE a.TaskId = t.Id AND a.UserId IS NOT NULL AND a.WasSkipped = 0) > t.RequiredRatings)");
        if (over > 0) failures.Add($"{over} tasks got more ratings than their overlap");
        var stored = Scalar($"SELECT COUNT(*) FROM Annotations WHERE ProjectId = {projectId} AND UserId IS NOT NULL");
        if (stored != accepted.Count) failures.Add($"{accepted.Count} submits were accepted but {stored} annotations are stored");
        var distinct = accepted.Distinct().Count();
        if (distinct != accepted.Count) failures.Add($"{accepted.Count - distinct} answers were accepted twice");
        var counters = Scalar($"SELECT COUNT(*) FROM Tasks t WHERE t.ProjectId = {projectId} AND t.CompletedCount <> " +
                              "(SELECT COUNT(*) FROM Annotations a WHERE a.TaskId = t.Id AND a.UserId IS NOT NULL AND a.WasSkipped = 0)");
        if (counters > 0) failures.Add($"{counters} tasks have a completed count that does not match their annotations");
        Console.WriteLine($"Stored {stored:N0} rater annotations for {accepted.Count:N0} accepted submits; tasks over overlap: {over}");
        return failures;
    }

    private static async Task<(long ProjectId, IReadOnlyList<string> Raters)> ArrangeAsync(BenchmarkApp app, int raters, int poolTasks)
    {
        _ = app.BaseUrl;
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserService>();
        await users.CreateAsync(new NewUser("admin@load.test", "Load Admin", Roles.Admin, Password), Actor.System);
        var projects = scope.ServiceProvider.GetRequiredService<ProjectService>();
        var project = await projects.CreateAsync(new ProjectDraft("Load", "", "", LabelingConfigSamples.TextClassification,
            new ProjectSettings(Overlap: 3)), Actor.System);
        var ids = new List<string>();
        for (var i = 0; i < raters; i++)
        {
            var rater = await users.CreateAsync(new NewUser($"rater{i}@load.test", $"Rater {i}", Roles.Rater, Password), Actor.System);
            await projects.SetMemberAsync(project.Id, rater.User.Id, ProjectRole.Rater, Actor.System);
            ids.Add(rater.User.Id);
        }
        var pool = new StringBuilder();
        for (var i = 0; i < poolTasks; i++) pool.Append(CultureInfo.InvariantCulture, $"{{\"text\":\"Pool review {i}: it works.\"}}\n");
        var outcome = await scope.ServiceProvider.GetRequiredService<ImportService>()
            .ImportAsync(project.Id, new MemoryStream(Encoding.UTF8.GetBytes(pool.ToString())), "pool.jsonl", Actor.System);
        if (!outcome.Succeeded) throw new InvalidOperationException(string.Join("; ", outcome.Errors));
        Console.WriteLine($"Arranged: {raters} raters, a project with {poolTasks:N0} tasks (overlap 3)");
        return (project.Id, ids);
    }

    private static async Task<string> TokenAsync(HttpClient http, string email)
    {
        var response = await http.PostAsJsonAsync("/api/auth/token", new { email, password = Password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private static async Task<long> StartImportAsync(HttpClient http, string token, long projectId, string file)
    {
        await using var stream = File.OpenRead(file);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{projectId}/import?fileName=import.jsonl&async=true")
        {
            Content = new StreamContent(stream) { Headers = { ContentType = new MediaTypeHeaderValue("application/x-ndjson") } },
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private static async Task<JsonElement> JobAsync(HttpClient http, string token, long job)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/jobs/{job}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await http.SendAsync(request);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> WaitForStateAsync(HttpClient http, string token, long job, Func<string, bool> done)
    {
        while (true)
        {
            var state = await JobAsync(http, token, job);
            if (done(state.GetProperty("state").GetString()!)) return state;
            await Task.Delay(200);
        }
    }

    private static void WriteTasks(string path, int count, string prefix)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        for (var i = 0; i < count; i++) writer.Write($"{{\"text\":\"{prefix} {i}: the battery lasts two days.\"}}\n");
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
