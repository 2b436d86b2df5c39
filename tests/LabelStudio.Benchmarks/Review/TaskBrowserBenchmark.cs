using System.Diagnostics;
using System.Globalization;
using System.Text;
using LabelStudio.Benchmarks.Consensus;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Admin;
using LabelStudio.Data.Common;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Database;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Import;
using LabelStudio.Data.Projects;
using LabelStudio.Data.Review;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.Benchmarks.Review;

/// <summary>
/// The task browser's page on SQLite at scale: N tasks (default 1,000,000), 60 % of them with 3 ratings and a scored
/// outcome, then the server-side page the grid asks for (count + sort + filter + offset + final labels of the page),
/// for the default view and the other common views, median of 5 runs each; plus the review queue's first page.
/// Usage: task-browser [tasks=1000000]
/// </summary>
public sealed class TaskBrowserBenchmark : IBenchmark
{
    public string Name => "task-browser";
    public string Description => "Task browser page (server paging, filters, sort, final labels) on N tasks (default 1M)";

    public async Task<int> RunAsync(string[] args)
    {
        var taskCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var directory = Path.Combine(Path.GetTempPath(), "labelstudio-browser-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            await using var provider = StandaloneServices.Build(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(directory, "bench.db")}");
            await DatabaseInitializer.MigrateAsync(provider);
            using var scope = provider.CreateScope();
            var sp = scope.ServiceProvider;
            var project = await sp.GetRequiredService<ProjectService>().CreateAsync(
                new ProjectDraft("Browser", "", "", LabelingConfigSamples.TextClassification, new ProjectSettings()), Actor.System);
            var users = sp.GetRequiredService<UserService>();
            var raters = new List<string>();
            for (var r = 0; r < 20; r++)
            {
                raters.Add((await users.CreateAsync(new NewUser($"r{r}@bench.local", "", Roles.Rater, "Bench-password-1"), Actor.System)).User.Id);
            }
            var setup = Stopwatch.StartNew();
            var path = Path.Combine(directory, "tasks.jsonl");
            await using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16))
            {
                for (var i = 0; i < taskCount; i++) await writer.WriteAsync($"{{\"text\":\"Review {i}: the product works as described.\"}}\n");
            }
            var imported = await sp.GetRequiredService<ImportService>().ImportFileAsync(project.Id, path, "tasks.jsonl", Actor.System);
            if (!imported.Succeeded) throw new InvalidOperationException(string.Join("; ", imported.Errors));
            await QualityRecomputeBenchmark.WriteRatingsAsync(provider, project.Id, raters, share: 0.6);
            await sp.GetRequiredService<QualityRecomputer>().RecomputeAsync(project.Id);
            Console.WriteLine($"{taskCount:N0} tasks, 60 % with 3 ratings and an outcome, set up in {setup.Elapsed.TotalSeconds:F0} s");

            var browser = sp.GetRequiredService<TaskBrowserService>();
            var queue = sp.GetRequiredService<ConflictQueueService>();
            (string Name, TaskQuery Query)[] views =
            [
                ("first page, default order", new TaskQuery()),
                ($"page {taskCount / 50:N0} (the middle)", new TaskQuery(Page: taskCount / 50)),
                ("newest first", new TaskQuery(Sort: TaskSort.Created, Descending: true)),
                ("state = conflict", new TaskQuery(State: TaskState.Conflict)),
                ("state = open", new TaskQuery(State: TaskState.Open)),
                ("lowest agreement first", new TaskQuery(Sort: TaskSort.Agreement)),
                ("search in data", new TaskQuery(Search: "Review 99999:")),
            ];
            foreach (var (name, query) in views)
            {
                TaskPage? page = null;
                var ms = await MedianAsync(async () => page = await browser.ListAsync(project.Id, query, Actor.System));
                Console.WriteLine($"  {name,-28} {ms,7:F0} ms  ({page!.Total:N0} match, {page.Items.Count} rows)");
            }
            var conflicts = await MedianAsync(() => queue.ListAsync(project.Id, ConflictFilter.None, 1, 25, Actor.System));
            Console.WriteLine($"  {"review queue, first page",-28} {conflicts,7:F0} ms");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<double> MedianAsync(Func<Task> run)
    {
        await run();
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            await run();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times[2];
    }
}
