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
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.Benchmarks.Datasets;

/// <summary>
/// A final-label dataset version of N tasks with 3 ratings each (default 1,000,000) on SQLite: building it and writing
/// it as JSON Lines, then as Parquet, against <c>sqlite3 -json</c> dumping the annotation rows of the same database in
/// the same run (the bar: the version must be at least as fast as the dump, Parquet within 1.5x). The working set is
/// sampled while the version is built and written (the bar: under 300 MB).
/// Usage: dataset-export [tasks=1000000] [--db FILE] [--setup-only]: with <c>--db</c> the generated database is kept in
/// FILE and reused by the next run with the same task count (its earlier versions are deleted first), since generating
/// 1M tasks takes long; <c>--setup-only</c> generates it and stops.
/// </summary>
public sealed class DatasetExportBenchmark : IBenchmark
{
    public string Name => "dataset-export";
    public string Description => "Dataset version (freeze + JSON Lines, + Parquet) of N tasks x 3 ratings vs sqlite3 -json (default 1M)";

    public async Task<int> RunAsync(string[] args)
    {
        var kept = Array.IndexOf(args, "--db") is var at and >= 0 && at + 1 < args.Length ? Path.GetFullPath(args[at + 1]) : null;
        var positional = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || args[i - 1] != "--db")).ToArray();
        var taskCount = positional.Length > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 1_000_000;
        var directory = Path.Combine(Path.GetTempPath(), "labelstudio-datasets-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var database = kept ?? Path.Combine(directory, "bench.db");
        var reuse = kept is not null && File.Exists(kept);
        try
        {
            await using var provider = StandaloneServices.Build(DatabaseProvider.Sqlite, $"Data Source={database}");
            await DatabaseInitializer.MigrateAsync(provider);
            long projectId;
            var setup = Stopwatch.StartNew();
            if (reuse) projectId = await ReuseAsync(provider, taskCount);
            else
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
            Console.WriteLine($"{taskCount:N0} tasks x 3 ratings, scored, {(reuse ? "reused" : "set up")} in {setup.Elapsed.TotalSeconds:F0} s");
            if (args.Contains("--setup-only")) return 0;

            var dump = SqliteDump(database, Path.Combine(directory, "annotations.json"));
            Console.WriteLine($"sqlite3 -json of the annotation rows: {dump.Seconds:F2} s, CPU {dump.CpuSeconds:F2} s ({dump.Bytes / 1048576.0:F0} MB)");

            GC.Collect();
            using var sampler = new PeakSampler();
            double build;
            long versionId;
            using (var scope = provider.CreateScope())
            {
                var datasets = scope.ServiceProvider.GetRequiredService<DatasetService>();
                var watch = Stopwatch.StartNew();
                var cpu = Cpu();
                var gc = GcFigures.Now();
                var created = await datasets.CreateInlineAsync(projectId, new DatasetRequest("Bench", null, Formats: ["jsonl"]), Actor.System, null);
                build = watch.Elapsed.TotalSeconds;
                var buildCpu = Cpu() - cpu;
                versionId = created.Version.Id;
                var view = await datasets.GetAsync(versionId, Actor.System);
                var job = await scope.ServiceProvider.GetRequiredService<Data.Jobs.JobService>().GetAsync(created.JobId, Actor.System);
                Console.WriteLine($"  stages (ms): {job.Result?.GetProperty("timingsMs")}");
                Console.WriteLine($"  garbage collection during the build: {GcFigures.Now() - gc}");
                Console.WriteLine($"Final-label version + JSON Lines: {build:F2} s ({view.TaskCount:N0} tasks, " +
                                  $"{view.Files.Single().SizeBytes / 1048576.0:F0} MB) = {build / dump.Seconds:F2}x the dump; " +
                                  $"CPU {buildCpu:F2} s = {buildCpu / dump.CpuSeconds:F2}x the dump's; " +
                                  $"peak working set so far {sampler.PeakMegabytes:F0} MB");
                var log = new FileInfo(database + "-wal");
                Console.WriteLine($"  write-ahead log after the build: {(log.Exists ? log.Length / 1048576.0 : 0):F0} MB");
                watch.Restart();
                cpu = Cpu();
                await datasets.WriteInlineAsync(versionId, "parquet", Actor.System, null);
                var parquet = watch.Elapsed.TotalSeconds;
                var parquetCpu = Cpu() - cpu;
                Console.WriteLine($"Parquet of the same version: {parquet:F2} s = {parquet / dump.Seconds:F2}x the dump " +
                                  $"(CPU {parquetCpu:F2} s = {parquetCpu / dump.CpuSeconds:F2}x); " +
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
            if (kept is not null) Console.WriteLine($"The database is kept in {kept} for the next run.");
        }
    }

    private static double Cpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>The kept database's project, its earlier versions deleted so that each run starts alike.</summary>
    private static async Task<long> ReuseAsync(IServiceProvider provider, int taskCount)
    {
        using var scope = provider.CreateScope();
        await using var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var project = await db.Projects.AsNoTracking().Where(p => p.Name == "Export").Select(p => p.Id).SingleAsync();
        var tasks = await db.Tasks.CountAsync(t => t.ProjectId == project);
        if (tasks != taskCount) throw new InvalidOperationException($"The kept database holds {tasks:N0} tasks, not {taskCount:N0}.");
        await db.DatasetItems.ExecuteDeleteAsync();
        await db.DatasetFiles.ExecuteDeleteAsync();
        await db.DatasetVersions.ExecuteDeleteAsync();
        var files = scope.ServiceProvider.GetRequiredService<DatasetStorage>().Root;
        if (Directory.Exists(files)) Directory.Delete(files, recursive: true);
        return project;
    }

    private static (double Seconds, double CpuSeconds, long Bytes) SqliteDump(string database, string output)
    {
        // Under /usr/bin/time, which prints the dump's CPU seconds (the machine may be shared: CPU time is the steadier figure).
        var start = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-f", "cpu %U %S", "sqlite3", "-json", database, "SELECT * FROM Annotations ORDER BY Id;" }) start.ArgumentList.Add(arg);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("sqlite3 is not installed (apt-get install sqlite3).");
        using (var file = File.Create(output)) process.StandardOutput.BaseStream.CopyTo(file);
        process.WaitForExit();
        var seconds = watch.Elapsed.TotalSeconds;
        var error = process.StandardError.ReadToEnd();
        if (process.ExitCode != 0) throw new InvalidOperationException(error);
        var cpu = error.Split('\n').Last(l => l.StartsWith("cpu ", StringComparison.Ordinal)).Split(' ')[1..]
            .Sum(v => double.Parse(v, CultureInfo.InvariantCulture));
        return (seconds, cpu, new FileInfo(output).Length);
    }

    /// <summary>The process's collections, their pauses and the bytes allocated so far.</summary>
    private readonly record struct GcFigures(int Gen0, int Gen1, int Gen2, TimeSpan Paused, long Allocated)
    {
        public static GcFigures Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(),
            GC.GetTotalAllocatedBytes());

        public static GcFigures operator -(GcFigures a, GcFigures b) =>
            new(a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.Paused - b.Paused, a.Allocated - b.Allocated);

        public override string ToString() =>
            $"{Gen0} gen0 / {Gen1} gen1 / {Gen2} gen2 collections, paused {Paused.TotalSeconds:F2} s, {Allocated / 1048576.0:F0} MB allocated";
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
