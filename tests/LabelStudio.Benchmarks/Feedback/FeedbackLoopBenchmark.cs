using System.Diagnostics;
using System.Globalization;
using LabelStudio.Data;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Feedback;
using LabelStudio.Data.Jobs;
using LabelStudio.Data.Projects;
using LabelStudio.Feedback.Synthetic;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.Benchmarks.Feedback;

/// <summary>
/// The click-feedback loop in the app's own services on SQLite: ingest a log of N impressions (default 5,000,000) as a
/// job, with the process's resident memory before, at its peak and after (idle again?); then stream every label as
/// TSV and JSON Lines; then a recompute on the stored evidence. Usage: feedback-loop [impressions=5000000]
/// </summary>
public sealed class FeedbackLoopBenchmark : IBenchmark
{
    public string Name => "feedback-loop";
    public string Description => "Click ingest into SQLite (RSS before/peak/after), streamed label export, recompute (default 5M impressions)";

    private const string Config = """
        <View>
          <Text name="query" value="$query"/>
          <Text name="doc" value="$doc"/>
          <Choices name="relevance" toName="doc"><Choice value="Relevant"/><Choice value="Not relevant"/></Choices>
        </View>
        """;

    public async Task<int> RunAsync(string[] args)
    {
        var impressions = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5_000_000;
        var directory = Path.Combine(Path.GetTempPath(), "labelstudio-feedback-loop-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var log = Path.Combine(directory, "clicks.jsonl");
            SyntheticClickLog.Create(new SyntheticClickLogOptions
            {
                Impressions = impressions, Queries = Math.Max(100, impressions / 25), DocsPerQuery = 30, Users = Math.Max(1000, impressions / 20),
                Seed = 11,
            }).WriteJsonl(log);
            Console.WriteLine($"log: {impressions:N0} impressions, {new FileInfo(log).Length / 1e6:F0} MB");

            await using var provider = StandaloneServices.Build(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(directory, "bench.db")}");
            await DatabaseInitializer.MigrateAsync(provider);
            long projectId;
            using (var scope = provider.CreateScope())
            {
                projectId = (await scope.ServiceProvider.GetRequiredService<ProjectService>().CreateAsync(
                    new ProjectDraft("Clicks", "", "", Config, new ProjectSettings(Overlap: 1)), Actor.System)).Id;
            }

            var idle = Settle();
            long peak = idle;
            using var sampler = new Timer(_ => peak = Math.Max(peak, Environment.WorkingSet), null, 0, 50);
            var sw = Stopwatch.StartNew();
            using (var scope = provider.CreateScope())
            {
                var job = await scope.ServiceProvider.GetRequiredService<JobService>().RunInlineAsync(FeedbackIngestService.JobKind, projectId,
                    Actor.System, "clicks.jsonl", log, new FeedbackIngestService.Parameters());
                if (job.State != JobState.Succeeded) throw new InvalidOperationException(job.Message);
                Console.WriteLine($"ingest: {sw.Elapsed.TotalSeconds:F1} s · {job.Message}");
            }
            // The job's continuations ran this code inline, on their own stack, whose frames still hold the job's
            // results; measure from a fresh thread-pool item, as a server sees it once the job is over.
            await Task.Yield();
            var after = Settle();
            Console.WriteLine($"memory (RSS): idle {idle / 1e6:F0} MB, peak {peak / 1e6:F0} MB, after the ingest {after / 1e6:F0} MB");
            Console.WriteLine(Heap());

            foreach (var format in new[] { "tsv", "jsonl" })
            {
                sw.Restart();
                using var scope = provider.CreateScope();
                var path = Path.Combine(directory, "labels." + format);
                int rows;
                await using (var file = File.Create(path))
                {
                    rows = await scope.ServiceProvider.GetRequiredService<FeedbackLabelExporter>().WriteAsync(projectId, format, file);
                }
                Console.WriteLine($"export {format}: {rows:N0} labels in {sw.Elapsed.TotalSeconds:F2} s " +
                                  $"({rows / sw.Elapsed.TotalSeconds:N0} rows/s, {new FileInfo(path).Length / 1e6:F0} MB)");
            }

            using (var scope = provider.CreateScope())
            {
                var evaluation = scope.ServiceProvider.GetRequiredService<LabelStudio.Data.Feedback.Evaluation.FeedbackEvaluationService>();
                sw.Restart();
                var rankers = await evaluation.RankersAsync(projectId, Actor.System, null, null);
                var rankersTime = sw.Elapsed;
                sw.Restart();
                var segments = await evaluation.SegmentsAsync(projectId, Actor.System);
                Console.WriteLine($"evaluation: {rankers.Rankers.Count} rankers with comparison in {rankersTime.TotalSeconds:F2} s, " +
                                  $"{segments.Segments.Count} segments in {sw.Elapsed.TotalSeconds:F2} s; RSS {Environment.WorkingSet / 1e6:F0} MB");
            }

            sw.Restart();
            using (var scope = provider.CreateScope())
            {
                var job = await scope.ServiceProvider.GetRequiredService<JobService>().RunInlineAsync(FeedbackGenerationService.RecomputeJobKind,
                    projectId, Actor.System, "recompute", null);
                Console.WriteLine($"recompute: {sw.Elapsed.TotalSeconds:F1} s · {job.Message}");
            }
            await Task.Yield();
            Console.WriteLine($"memory (RSS) after the recompute: {Settle() / 1e6:F0} MB");
            Console.WriteLine(Heap());
            return 0;
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>What the managed heap holds after the last full collection, to tell live objects from memory the process keeps.</summary>
    private static string Heap()
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        return $"managed heap: {info.HeapSizeBytes / 1e6:F0} MB live+free, {info.FragmentedBytes / 1e6:F0} MB fragmented, " +
               $"{info.TotalCommittedBytes / 1e6:F0} MB committed; objects alive {GC.GetTotalMemory(false) / 1e6:F0} MB";
    }

    /// <summary>Resident memory once the garbage collector has given back what it can.</summary>
    private static long Settle()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        Thread.Sleep(500);
        return Environment.WorkingSet;
    }
}
