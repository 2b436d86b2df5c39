using System.Diagnostics;
using System.Text;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Admin;
using LabelStudio.Data.Common;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Database;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Import;
using LabelStudio.Data.Labeling;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.Benchmarks.Consensus;

/// <summary>
/// The background recompute of a project's quality on SQLite: N tasks with 3 ratings each from a pool of raters
/// (written straight into the tables), then one QualityRecomputer run, while a second connection keeps submitting
/// writes to show how long a rater's write waits. Usage: quality-recompute [tasks=100000] [raters=20]
/// </summary>
public sealed class QualityRecomputeBenchmark : IBenchmark
{
    public string Name => "quality-recompute";
    public string Description => "Recompute agreement, Dawid-Skene and every task outcome for N tasks x 3 ratings";

    public async Task<int> RunAsync(string[] args)
    {
        var taskCount = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        var raterCount = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20;
        var directory = Path.Combine(Path.GetTempPath(), "labelstudio-quality-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            await using var provider = StandaloneServices.Build(DatabaseProvider.Sqlite,
                $"Data Source={Path.Combine(directory, "bench.db")}");
            await DatabaseInitializer.MigrateAsync(provider);
            using var scope = provider.CreateScope();
            var project = await scope.ServiceProvider.GetRequiredService<ProjectService>().CreateAsync(
                new ProjectDraft("Recompute", "", "", LabelingConfigSamples.TextClassification, new ProjectSettings()), Actor.System);
            var users = scope.ServiceProvider.GetRequiredService<UserService>();
            var raters = new List<string>();
            for (var r = 0; r < raterCount; r++)
            {
                raters.Add((await users.CreateAsync(new NewUser($"r{r}@bench.local", "", Roles.Rater, "Bench-password-1"), Actor.System)).User.Id);
            }
            var jsonl = new StringBuilder();
            for (var i = 0; i < taskCount; i++) jsonl.Append($"{{\"text\":\"Review {i}\"}}\n");
            using (var stream = new MemoryStream(Encoding.UTF8.GetBytes(jsonl.ToString())))
            {
                await scope.ServiceProvider.GetRequiredService<ImportService>()
                    .ImportAsync(project.Id, stream, "t.jsonl", Actor.System);
            }

            var fill = Stopwatch.StartNew();
            await WriteRatingsAsync(provider, project.Id, raters);
            Console.WriteLine($"{taskCount:N0} tasks x 3 ratings from {raterCount} raters written in {fill.Elapsed.TotalSeconds:F1} s");

            // A rater's write on another connection, over and over, while the recompute runs.
            using var stop = new CancellationTokenSource();
            var waits = new List<double>();
            var writer = Task.Run(async () =>
            {
                var factory = provider.GetRequiredService<IDbContextFactory<AppDbContext>>();
                while (!stop.IsCancellationRequested)
                {
                    await using var db = await factory.CreateDbContextAsync();
                    var watch = Stopwatch.StartNew();
                    await db.Tasks.Where(t => t.Id == 1).ExecuteUpdateAsync(s => s.SetProperty(t => t.SkipCount, t => t.SkipCount));
                    waits.Add(watch.Elapsed.TotalMilliseconds);
                    await Task.Delay(20);
                }
            });

            GC.Collect();
            var recompute = Stopwatch.StartNew();
            var snapshot = await scope.ServiceProvider.GetRequiredService<QualityRecomputer>().RecomputeAsync(project.Id);
            recompute.Stop();
            stop.Cancel();
            await writer;
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var outcomes = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext()
                .TaskOutcomes.GroupBy(o => o.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
            waits.Sort();
            Console.WriteLine($"Recompute of {snapshot!.RatingCount:N0} ratings: {recompute.Elapsed.TotalSeconds:F2} s " +
                              $"(snapshot says {snapshot.DurationMs} ms); outcomes {string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Count:N0}"))}");
            Console.WriteLine($"Concurrent rater writes during the recompute: {waits.Count}, " +
                              $"p50 {waits[waits.Count / 2]:F1} ms, p95 {waits[(int)(waits.Count * 0.95)]:F1} ms, max {waits[^1]:F1} ms");
            Console.WriteLine($"Peak working set {process.PeakWorkingSet64 / 1048576.0:F0} MB");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Three raters per task with a mostly agreeing answer, written in one transaction with raw INSERTs; with
    /// <paramref name="share"/> below 1 only the first tasks get them (the rest stay open).
    /// </summary>
    internal static async Task WriteRatingsAsync(IServiceProvider provider, long projectId, IReadOnlyList<string> raters, double share = 1)
    {
        var factory = provider.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var all = await db.Tasks.Where(t => t.ProjectId == projectId).OrderBy(t => t.Id).Select(t => t.Id).ToListAsync();
        var taskIds = all.Take((int)(all.Count * share)).ToList();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = """
            INSERT INTO "Annotations" ("TaskId","ProjectId","UserId","Source","ResultJson","ConfigVersion","LeadTimeSeconds","CreatedAt","WasSkipped")
            VALUES (@t, @p, @u, 0, @r, 1, 3.5, @c, 0)
            """;
        foreach (var name in new[] { "@t", "@p", "@u", "@r", "@c" })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }
        command.Parameters["@p"].Value = projectId;
        command.Parameters["@c"].Value = DateTime.UtcNow;
        string[] choices = ["Positive", "Negative", "Neutral"];
        var random = new Random(7);
        foreach (var taskId in taskIds)
        {
            var truth = random.Next(3);
            var first = random.Next(raters.Count);
            for (var k = 0; k < 3; k++)
            {
                var rater = (first + k * 7) % raters.Count;
                var label = random.NextDouble() < 0.8 ? truth : random.Next(3);
                command.Parameters["@t"].Value = taskId;
                command.Parameters["@u"].Value = raters[rater];
                command.Parameters["@r"].Value =
                    $"[{{\"id\":\"r{k}\",\"from_name\":\"sentiment\",\"to_name\":\"text\",\"type\":\"choices\",\"value\":{{\"choices\":[\"{choices[label]}\"]}},\"origin\":\"manual\"}}]";
                await command.ExecuteNonQueryAsync();
            }
        }
        await tx.CommitAsync();
        var last = taskIds.Count == 0 ? 0 : taskIds[^1];
        await db.Tasks.Where(t => t.ProjectId == projectId && t.Id <= last)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.CompletedCount, 3).SetProperty(t => t.IsComplete, true));
    }
}
