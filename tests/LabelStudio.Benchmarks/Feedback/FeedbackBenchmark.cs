using System.Diagnostics;
using System.Globalization;
using LabelStudio.Feedback.Batch;
using LabelStudio.Feedback.Calibration;
using LabelStudio.Feedback.Synthetic;

namespace LabelStudio.Benchmarks.Feedback;

/// <summary>Generates a synthetic click log with known truth, runs the feedback pipeline and scores it.</summary>
public sealed class FeedbackBenchmark : IBenchmark
{
    public string Name => "feedback";

    public string Description => "click log -> labels: ingest/clean/aggregate/PBM/SDBN/calibration on a synthetic log (--impressions N, --seed-size N, --precision P, --threads T, --interleaving SHARE, --dir D, --keep; prints the per-ranker and per-segment evaluation and its cost)";

    public Task<int> RunAsync(string[] args)
    {
        int impressions = 1_000_000;
        int seedSize = 600;
        double precision = 0.95;
        string dir = Path.Combine(Path.GetTempPath(), "labelstudio-feedback-bench");
        bool keep = false;
        int threads = Environment.ProcessorCount;
        double interleaving = 0;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--impressions": impressions = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--seed-size": seedSize = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--precision": precision = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--dir": dir = args[++i]; break;
                case "--keep": keep = true; break;
                case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--interleaving": interleaving = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}");
                    return Task.FromResult(2);
            }
        }
        Directory.CreateDirectory(dir);
        string logPath = Path.Combine(dir, "clicks.jsonl");
        string seedPath = Path.Combine(dir, "seed.tsv");
        string outPath = Path.Combine(dir, "labels.tsv");

        var gen = SyntheticClickLog.Create(new SyntheticClickLogOptions
        {
            Impressions = impressions,
            Queries = Math.Max(50, impressions / 200),
            Users = Math.Max(500, impressions / 20),
            InterleavingShare = interleaving,
        });
        var sw = Stopwatch.StartNew();
        gen.WriteJsonl(logPath);
        var genTime = sw.Elapsed;
        var seed = gen.SampleSeed(seedSize);
        using (var fs = File.Create(seedPath))
        {
            SeedReader.Write(fs, seed);
        }
        long bytes = new FileInfo(logPath).Length;
        Console.WriteLine($"generated {gen.LinesWritten:N0} lines ({bytes / 1e6:F1} MB) in {genTime.TotalSeconds:F2} s; seed {seed.Count} pairs");

        GC.Collect();
        long startWorkingSet = Process.GetCurrentProcess().WorkingSet64;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var runner = new FeedbackInferRunner();
        var result = runner.Run(new FeedbackInferOptions
        {
            InputPath = logPath,
            OutputPath = outPath,
            SeedPath = seedPath,
            Calibration = new CalibrationOptions { TargetPrecision = precision },
            Ingest = new LabelStudio.Feedback.Ingest.IngestOptions { MaxDegreeOfParallelism = threads },
            Models = new LabelStudio.Feedback.Models.ModelOptions { MaxDegreeOfParallelism = threads },
        });
        var proc = Process.GetCurrentProcess();
        proc.Refresh();

        Console.WriteLine();
        Console.WriteLine("stage            ms");
        foreach (var t in result.Timings)
        {
            Console.WriteLine($"  {t.Stage,-12} {t.Elapsed.TotalMilliseconds,8:F0}");
        }
        Console.WriteLine($"  {"total",-12} {result.Total.TotalMilliseconds,8:F0}");
        var s = result.Aggregate.Summary;
        Console.WriteLine($"throughput: {s.ImpressionsRead / result.Total.TotalSeconds:N0} impressions/s, {bytes / 1e6 / result.Total.TotalSeconds:F0} MB/s");
        Console.WriteLine($"cpu time: {(proc.TotalProcessorTime - cpuBefore).TotalMilliseconds:F0} ms over {threads} thread(s); machine load average at end: {LoadAverage()}");
        Console.WriteLine($"memory: working set before run {startWorkingSet / 1e6:F0} MB, peak working set {proc.PeakWorkingSet64 / 1e6:F0} MB");
        Console.WriteLine($"ingest: read {s.ImpressionsRead:N0}, kept {s.ImpressionsKept:N0}, duplicates {s.DuplicateImpressions:N0}, collapsed clicks {s.CollapsedClicks:N0}, "
            + $"bots {s.BotUsers} ({s.BotImpressionsDropped:N0} impressions dropped), spam pairs {s.SpamPairs}, pairs {s.Pairs:N0}, cells {s.Cells:N0}");
        Console.WriteLine($"pbm: {result.Scores.Pbm.Iterations} EM iterations (converged {result.Scores.Pbm.Converged}), prior Beta({result.Scores.Pbm.PriorA:F2}, {result.Scores.Pbm.PriorB:F2})");
        Console.WriteLine("theta (estimated vs true): " + string.Join(" ", result.Scores.Pbm.Theta.Take(gen.Theta.Count)
            .Select((t, k) => $"{k + 1}:{t:F3}/{gen.Theta[k] / gen.Theta[0]:F3}")));

        // Truth for every pair with evidence.
        int n = result.PairCount;
        var truth = new bool[n];
        var known = new bool[n];
        var seedKeys = new HashSet<(string, string)>(seed.Select(x => (x.QueryId, x.DocId)));
        var inSeed = new bool[n];
        for (int p = 0; p < n; p++)
        {
            string q = result.Aggregate.GetQueryId(p);
            string d = result.Aggregate.GetDocId(p);
            known[p] = gen.TryGetGrade(q, d, out int grade);
            truth[p] = grade >= 2;
            inSeed[p] = seedKeys.Contains((q, d));
        }
        Console.WriteLine();
        Console.WriteLine($"AUC vs truth over {n:N0} pairs (pairs with >= 20 impressions in brackets):");
        var dense = Enumerable.Range(0, n).Where(p => result.Aggregate.GetPairCounts(p).Impressions >= 20).ToArray();
        void Report(string name, IReadOnlyList<double> score)
        {
            double all = RankMetrics.Auc(score, truth);
            double d = RankMetrics.Auc(dense.Select(p => score[p]).ToArray(), dense.Select(p => truth[p]).ToArray());
            Console.WriteLine($"  {name,-10} {all:F4}  ({d:F4})");
        }
        Report("ctr", result.Scores.Ctr);
        Report("sat_ctr", result.Scores.SatCtr);
        Report("pbm", result.Scores.PbmAlpha);
        Report("sdbn", result.Scores.Sdbn);
        Report("combined", result.Scores.Combined);
        Report("p_rel", result.Labels.PRel);

        var cal = result.Labels.Calibration;
        int labelled = 0, correct = 0, pos = 0, posCorrect = 0, nonSeed = 0;
        for (int p = 0; p < n; p++)
        {
            if (inSeed[p])
            {
                continue;
            }
            nonSeed++;
            int l = result.Labels.Labels[p];
            if (l < 0)
            {
                continue;
            }
            labelled++;
            if ((l == 1) == truth[p])
            {
                correct++;
            }
            if (l == 1)
            {
                pos++;
                if (truth[p])
                {
                    posCorrect++;
                }
            }
        }
        Console.WriteLine();
        Console.WriteLine($"calibration: {cal.Mode}, threshold {cal.ConfidenceThreshold:F4}, seed (out-of-fold) precision {cal.SeedPrecision:F4} at coverage {cal.SeedCoverage:P1}, seed AUC {cal.SeedAuc:F4}");
        Console.WriteLine($"held-out (non-seed) pairs: {nonSeed:N0}; auto-labelled {labelled:N0} ({(double)labelled / nonSeed:P1}); "
            + $"precision vs truth {(double)correct / Math.Max(1, labelled):F4}; positive-label precision {(double)posCorrect / Math.Max(1, pos):F4}");
        Console.WriteLine("abstentions: " + string.Join(", ", result.Labels.AbstainCounts.OrderBy(kv => kv.Key).Select(kv => $"{FeedbackInferResult.ReasonCode(kv.Key)} {kv.Value:N0}")));
        RankerEvaluationReport.Print(result, gen, seed);
        if (!keep)
        {
            File.Delete(logPath);
            File.Delete(seedPath);
            File.Delete(outPath);
        }
        return Task.FromResult(0);
    }

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
