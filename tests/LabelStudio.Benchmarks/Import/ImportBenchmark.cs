using System.Diagnostics;
using System.Text;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Import;
using LabelStudio.Data.Projects;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.Benchmarks.Import;

/// <summary>
/// Imports N one-field text tasks from JSON Lines into a fresh SQLite file through the real ImportService (the same
/// path as the web upload, the API and the CLI) and reports tasks per second and peak memory.
/// Usage: import [tasks=1000000] [annotated] [existing=N] [reimport]; with <c>annotated</c> every task carries three
/// Label Studio annotations by three of 30 authors (<c>completed_by</c>), as a project moved in from Label Studio does.
/// With <c>existing=N</c> the project already holds N other tasks (imported first, not timed), so the duplicate check
/// against published tasks has something to probe; with <c>reimport</c> the same file is imported a second time and
/// the time until it is rejected as duplicates is reported.
/// </summary>
public sealed class ImportBenchmark : IBenchmark
{
    public string Name => "import";
    public string Description => "Import N one-field JSONL tasks into SQLite (default 1,000,000)";

    public async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
        var annotated = args.Contains("annotated");
        var existing = args.Where(a => a.StartsWith("existing=", StringComparison.Ordinal))
            .Select(a => int.Parse(a["existing=".Length..], System.Globalization.CultureInfo.InvariantCulture)).LastOrDefault();
        var directory = Path.Combine(Path.GetTempPath(), "labelstudio-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var file = Path.Combine(directory, "tasks.jsonl");
            var generate = Stopwatch.StartNew();
            WriteTasks(file, count, annotated);
            var size = new FileInfo(file).Length;
            Console.WriteLine($"Generated {count:N0} tasks{(annotated ? " with 3 annotations each" : "")} ({size / 1048576.0:F1} MB) in {generate.Elapsed.TotalSeconds:F1} s");

            var parseCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var parse = Stopwatch.StartNew();
            var config = LabelingConfigParser.Parse(LabelingConfigSamples.TextClassification).Configuration!;
            var parsed = 0;
            await using (var stream = File.OpenRead(file))
            {
                foreach (var record in LabelStudio.Core.Import.TaskFileReader.Read(stream, LabelStudio.Core.Import.ImportFormat.JsonLines))
                {
                    if (record.Task is { } task && !LabelStudio.Core.Import.TaskValidator.Validate(task, config).Any()) parsed++;
                }
            }
            Console.WriteLine($"Read and validated {parsed:N0} tasks without writing in {parse.Elapsed.TotalSeconds:F2} s " +
                              $"({parsed / parse.Elapsed.TotalSeconds:N0} tasks/s; CPU {(Process.GetCurrentProcess().TotalProcessorTime - parseCpu).TotalSeconds:F2} s)");

            await using var provider = StandaloneServices.Build(DatabaseProvider.Sqlite,
                $"Data Source={Path.Combine(directory, "bench.db")}");
            await DatabaseInitializer.MigrateAsync(provider);
            using var scope = provider.CreateScope();
            var project = await scope.ServiceProvider.GetRequiredService<ProjectService>().CreateAsync(
                new ProjectDraft("Benchmark", "", "", LabelingConfigSamples.TextClassification, new ProjectSettings()),
                Actor.System);

            var import = scope.ServiceProvider.GetRequiredService<ImportService>();
            if (existing > 0)
            {
                var earlier = Path.Combine(directory, "earlier.jsonl");
                WriteTasks(earlier, existing, annotated, "Earlier review ");
                var setup = Stopwatch.StartNew();
                var before = await import.ImportFileAsync(project.Id, earlier, "earlier.jsonl", Actor.System);
                if (!before.Succeeded) throw new InvalidOperationException("The setup import failed.");
                Console.WriteLine($"The project holds {existing:N0} earlier tasks (imported in {setup.Elapsed.TotalSeconds:F2} s, not counted)");
            }

            GC.Collect();
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var baseline = process.WorkingSet64;
            var peakHeap = 0L;

            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var collectionsBefore = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var outcome = await import.ImportFileAsync(project.Id, file, "tasks.jsonl", Actor.System,
                _ => peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false)));
            if (!outcome.Succeeded)
            {
                Console.Error.WriteLine("Import failed: " + string.Join("; ", outcome.Errors));
                return 1;
            }
            watch.Stop();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var collections = Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - collectionsBefore[g]).ToArray();
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;

            Console.WriteLine($"Imported {count:N0} tasks in {watch.Elapsed.TotalSeconds:F2} s: " +
                              $"{count / watch.Elapsed.TotalSeconds:N0} tasks/s, {size / 1048576.0 / watch.Elapsed.TotalSeconds:F1} MB/s; " +
                              $"CPU {cpu.TotalSeconds:F2} s");
            Console.WriteLine($"Peak working set {process.PeakWorkingSet64 / 1048576.0:F0} MB " +
                              $"(before import {baseline / 1048576.0:F0} MB); peak managed heap seen {peakHeap / 1048576.0:F0} MB");
            Console.WriteLine($"Allocated {allocated / 1048576.0:N0} MB ({allocated / (double)count:N0} bytes a task); " +
                              $"GCs gen0 {collections[0]}, gen1 {collections[1]}, gen2 {collections[2]}");
            Console.WriteLine($"Database file {new FileInfo(Path.Combine(directory, "bench.db")).Length / 1048576.0:F0} MB");
            if (args.Contains("reimport"))
            {
                var againCpu = Process.GetCurrentProcess().TotalProcessorTime;
                var again = Stopwatch.StartNew();
                var rejected = await import.ImportFileAsync(project.Id, file, "tasks-again.jsonl", Actor.System);
                Console.WriteLine($"Imported the same file again in {again.Elapsed.TotalSeconds:F2} s " +
                                  $"(CPU {(Process.GetCurrentProcess().TotalProcessorTime - againCpu).TotalSeconds:F2} s): " +
                                  (rejected.Succeeded ? "accepted" : $"rejected with {rejected.TotalErrors:N0} error(s)"));
            }
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Environment.GetEnvironmentVariable("LABELSTUDIO_BENCH_KEEP") == "1")
            {
                Console.WriteLine($"Kept {directory}");
            }
            else
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static void WriteTasks(string path, int count, bool annotated, string prefix = "Review ")
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        string[] words = ["battery", "screen", "great", "poor", "shipping", "price", "quality", "support", "works", "broke"];
        var random = new Random(42);
        var line = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            line.Clear().Append("{\"text\":\"").Append(prefix).Append(i).Append(':');
            for (var w = 0; w < 8; w++) line.Append(' ').Append(words[random.Next(words.Length)]);
            line.Append('.').Append('"');
            if (annotated)
            {
                line.Insert(0, "{\"data\":").Append("},\"annotations\":[");
                for (var a = 0; a < 3; a++)
                {
                    if (a > 0) line.Append(',');
                    line.Append("{\"completed_by\":").Append((i + a * 7) % 30 + 1)
                        .Append(",\"result\":[{\"from_name\":\"sentiment\",\"to_name\":\"text\",\"type\":\"choices\",\"value\":{\"choices\":[\"")
                        .Append(random.Next(3) == 0 ? "Negative" : "Positive").Append("\"]}}]}");
                }
                line.Append(']');
            }
            line.Append('}');
            writer.WriteLine(line);
        }
    }
}
