using System.Diagnostics;
using System.Globalization;
using System.Text;
using LabelStudio.Benchmarks.Consensus;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Admin;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Datasets;
using LabelStudio.Data.Identity;
using LabelStudio.Data.Import;
using LabelStudio.Data.Projects;
using LabelStudio.Data.Quality;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.Benchmarks.Datasets;

/// <summary>
/// A final-label dataset version of N tasks with 3 ratings each (default 1,000,000) on SQLite: building it and writing
/// it as JSON Lines, then as Parquet, against <c>sqlite3 -json</c> dumping the annotation rows of the same database in
/// the same run (the bar: the version must be at least as fast as the dump, Parquet within 1.5x). The working set is
/// sampled while the version is built and written (the bar: under 300 MB).
/// Usage: dataset-export [tasks=1000000]
/// </summary>
public sealed class DatasetExportBenchmark : IBenchmark
{
    public string Name => "dataset-export";
    public string Description => "Dataset version (freeze + JSON Lines, + Parquet) of N tasks x 3 ratings vs sqlite3 -json (default 1M)";

    public async Task<int> RunAsync(string[] args)
    {
        var taskCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var directory = Path.Combine(Path.GetTempPath(), "labelstudio-datasets-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var database = Path.Combine(directory, "bench.db");
        try
        {
            await using var provider = StandaloneServices.Build(DatabaseProvider.Sqlite, $"Data Source={database}");
            await DatabaseInitializer.MigrateAsync(provider);
            long projectId;
            var setup = Stopwatch.StartNew();
            using (var scope = provider.CreateScope())
            {
                var sp = scope.ServiceProvider;
                projectId = (await sp.GetRequiredService<ProjectService>().CreateAsync(
                    new ProjectDraft("Export", "", "", LabelingConfigSamples.TextClassification, new ProjectSettings()), Actor.System)).Id;
                var users = sp.GetRequiredService<UserService>();
                var raters = new List<string>();
                for (var r = 0; r < 20; r++)
                {
                    raters.Add((await users.CreateAsync(new NewUser($"r{r}@bench.local", "", Roles.Rater, "Bench-password-1"), Actor.System)).User.Id);
                }
                var path = Path.Combine(directory, "tasks.jsonl");
                await using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16))
                {
                    for (var i = 0; i < taskCount; i++) await writer.WriteAsync($"{{\"text\":\"Review {i}: the product works as described.\"}}\n");
                }
                var imported = await sp.GetRequiredService<ImportService>().ImportFileAsync(projectId, path, "tasks.jsonl", Actor.System);
                if (!imported.Succeeded) throw new InvalidOperationException(string.Join("; ", imported.Errors));
                await QualityRecomputeBenchmark.WriteRatingsAsync(provider, projectId, raters);
                await sp.GetRequiredService<QualityRecomputer>().RecomputeAsync(projectId);
            }
            Console.WriteLine($"{taskCount:N0} tasks x 3 ratings, scored, set up in {setup.Elapsed.TotalSeconds:F0} s");

            var dump = SqliteDump(database, Path.Combine(directory, "annotations.json"));
            Console.WriteLine($"sqlite3 -json of the annotation rows: {dump.Seconds:F2} s ({dump.Bytes / 1048576.0:F0} MB)");

            GC.Collect();
            using var sampler = new PeakSampler();
            double build;
            long versionId;
            using (var scope = provider.CreateScope())
            {
                var datasets = scope.ServiceProvider.GetRequiredService<DatasetService>();
                var watch = Stopwatch.StartNew();
                var created = await datasets.CreateInlineAsync(projectId, new DatasetRequest("Bench", null, Formats: ["jsonl"]), Actor.System, null);
                build = watch.Elapsed.TotalSeconds;
                versionId = created.Version.Id;
                var view = await datasets.GetAsync(versionId, Actor.System);
                var job = await scope.ServiceProvider.GetRequiredService<Data.Jobs.JobService>().GetAsync(created.JobId, Actor.System);
                Console.WriteLine($"  stages (ms): {job.Result?.GetProperty("timingsMs")}");
                Console.WriteLine($"Final-label version + JSON Lines: {build:F2} s ({view.TaskCount:N0} tasks, " +
                                  $"{view.Files.Single().SizeBytes / 1048576.0:F0} MB) = {build / dump.Seconds:F2}x the dump");
                watch.Restart();
                await datasets.WriteInlineAsync(versionId, "parquet", Actor.System, null);
                var parquet = watch.Elapsed.TotalSeconds;
                Console.WriteLine($"Parquet of the same version: {parquet:F2} s = {parquet / dump.Seconds:F2}x the dump; " +
                                  $"version + Parquet {(build + parquet) / dump.Seconds:F2}x");
            }
            Console.WriteLine($"Peak working set while building and writing: {sampler.PeakMegabytes:F0} MB " +
                              $"(the process held {sampler.StartMegabytes:F0} MB before)");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }

    private static (double Seconds, long Bytes) SqliteDump(string database, string output)
    {
        var start = new ProcessStartInfo("sqlite3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-json", database, "SELECT * FROM Annotations ORDER BY Id;" }) start.ArgumentList.Add(arg);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("sqlite3 is not installed (apt-get install sqlite3).");
        using (var file = File.Create(output)) process.StandardOutput.BaseStream.CopyTo(file);
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException(process.StandardError.ReadToEnd());
        return (watch.Elapsed.TotalSeconds, new FileInfo(output).Length);
    }

    /// <summary>Samples this process's working set every 50 ms.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly Timer _timer;
        private long _peak;

        public PeakSampler()
        {
            StartMegabytes = Current() / 1048576.0;
            _timer = new Timer(_ => Interlocked.Exchange(ref _peak, Math.Max(Interlocked.Read(ref _peak), Current())), null, 0, 50);
        }

        public double StartMegabytes { get; }

        public double PeakMegabytes => Interlocked.Read(ref _peak) / 1048576.0;

        private static long Current()
        {
            using var process = Process.GetCurrentProcess();
            return process.WorkingSet64;
        }

        public void Dispose() => _timer.Dispose();
    }
}
