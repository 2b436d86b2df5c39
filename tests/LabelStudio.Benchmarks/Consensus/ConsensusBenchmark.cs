using System.Diagnostics;
using System.Globalization;
using System.Text;
using LabelStudio.Consensus;
using LabelStudio.Consensus.Batch;

namespace LabelStudio.Benchmarks.Consensus;

/// <summary>
/// Times <c>AgreementRunner</c> on generated ratings (default 1,000,000 ratings, 263,158 items, 100 raters, 5 classes),
/// then, if the CLI has been built in Release, the <c>labelstudio agreement</c> command end to end.
/// Options: --ratings N, --raters R, --classes K, --seed S, --keep (keep the temp files), --cli PATH (labelstudio.dll).
/// </summary>
public sealed class ConsensusBenchmark : IBenchmark
{
    public string Name => "consensus";

    public string Description => "Agreement runner (CSV -> alpha, kappas, Dawid-Skene, conflicts, CSV out) on 1M generated ratings.";

    public async Task<int> RunAsync(string[] args)
    {
        var ratings = IntArg(args, "--ratings", 1_000_000);
        var raters = IntArg(args, "--raters", 100);
        var classes = IntArg(args, "--classes", 5);
        var seed = IntArg(args, "--seed", 42);
        var keep = args.Contains("--keep");
        var dir = Path.Combine(Path.GetTempPath(), $"ls-consensus-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        var input = Path.Combine(dir, "ratings.csv");
        var gen = Stopwatch.StartNew();
        var (items, spammers) = Generate(input, ratings, raters, classes, seed);
        Console.WriteLine($"generated {ratings:N0} ratings, {items:N0} items, {raters} raters ({spammers}), {classes} classes in {gen.Elapsed.TotalSeconds:F2} s -> {input} ({new FileInfo(input).Length / 1e6:F1} MB)");

        // Warm-up on a small file so the timed run measures steady-state code, then the timed run.
        var warm = Path.Combine(dir, "warm.csv");
        Generate(warm, 20_000, raters, classes, seed + 1);
        AgreementRunner.Run(new AgreementOptions { InputPath = warm, OutputDirectory = Path.Combine(dir, "warm-out") });

        using var process = Process.GetCurrentProcess();
        var summary = AgreementRunner.Run(new AgreementOptions { InputPath = input, OutputDirectory = Path.Combine(dir, "out") });
        process.Refresh();
        Console.WriteLine();
        Console.WriteLine("in-process AgreementRunner.Run:");
        foreach (var t in summary.Timings)
        {
            Console.WriteLine($"  {t.Stage,-12} {t.Seconds * 1000,8:F1} ms");
        }
        Console.WriteLine($"  {"total",-12} {summary.Seconds * 1000,8:F1} ms");
        Console.WriteLine($"  peak working set (whole benchmark process) {process.PeakWorkingSet64 / 1e6:F0} MB");
        Console.WriteLine($"  alpha {summary.Alpha:F4} [{summary.AlphaInterval.Lower:F4}, {summary.AlphaInterval.Upper:F4}], fleiss {summary.FleissKappa:F4}, ac1 {summary.Ac1:F4}, " +
                          $"DS iterations {summary.DawidSkene.Iterations}, conflicts {summary.Conflicts:N0}, spammers flagged {summary.Spammers}");

        var cli = StringArg(args, "--cli") ?? FindCli();
        if (cli is null)
        {
            Console.WriteLine("CLI not found (build it with: dotnet build -c Release src/LabelStudio.Cli); skipping the end-to-end timing.");
        }
        else
        {
            await TimeCliAsync(cli, input, Path.Combine(dir, "cli-out"));
        }
        if (!keep)
        {
            Directory.Delete(dir, recursive: true);
        }
        return 0;
    }

    private static async Task TimeCliAsync(string cli, string input, string outDir)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { cli, "agreement", "--input", input, "--out", outDir })
        {
            psi.ArgumentList.Add(a);
        }
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        long peak = 0;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        while (!p.HasExited)
        {
            try
            {
                p.Refresh();
                peak = Math.Max(peak, p.PeakWorkingSet64);
            }
            catch (InvalidOperationException)
            {
                break;
            }
            await Task.Delay(5);
        }
        await p.WaitForExitAsync();
        sw.Stop();
        Console.WriteLine();
        Console.WriteLine($"CLI end to end (dotnet {Path.GetFileName(cli)} agreement ...): {sw.Elapsed.TotalMilliseconds:F0} ms, exit {p.ExitCode}, peak working set ~{peak / 1e6:F0} MB (sampled)");
        var err = await stderr;
        if (p.ExitCode != 0)
        {
            Console.WriteLine(err);
        }
        var json = await stdout;
        var secondsAt = json.IndexOf("\"seconds\"", StringComparison.Ordinal);
        if (secondsAt >= 0)
        {
            Console.WriteLine($"  runner inside the CLI: {json[secondsAt..Math.Min(json.Length, json.IndexOf('\n', secondsAt) < 0 ? json.Length : json.IndexOf('\n', secondsAt))].Trim()}");
        }
    }

    private static string? FindCli()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LabelStudio.sln")))
        {
            dir = dir.Parent;
        }
        if (dir is null)
        {
            return null;
        }
        var path = Path.Combine(dir.FullName, "src", "LabelStudio.Cli", "bin", "Release", "net10.0", "labelstudio.dll");
        return File.Exists(path) ? path : null;
    }

    /// <summary>Writes the ratings of <see cref="SyntheticRatings"/> as an <c>item_id,rater_id,label</c> CSV.</summary>
    internal static (int Items, string Spammers) Generate(string path, int ratings, int raters, int classes, int seed)
    {
        var synthetic = new SyntheticRatings(ratings, raters, classes, seed);
        var labels = Enumerable.Range(0, classes).Select(c => $"class_{(char)('a' + c % 26)}{c / 26}").ToArray();
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
        w.Write("item_id,rater_id,label\n");
        foreach (var row in synthetic.Rows())
        {
            w.Write("task-");
            w.Write(row.Item.ToString("D7", CultureInfo.InvariantCulture));
            w.Write(",rater");
            w.Write(row.Rater.ToString("D3", CultureInfo.InvariantCulture));
            w.Write(',');
            w.Write(labels[row.Label]);
            w.Write('\n');
        }
        return (synthetic.Items, synthetic.SpammerText);
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string? StringArg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
