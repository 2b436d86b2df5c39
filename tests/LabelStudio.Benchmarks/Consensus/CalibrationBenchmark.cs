using System.Diagnostics;
using System.Globalization;
using LabelStudio.Consensus;

namespace LabelStudio.Benchmarks.Consensus;

/// <summary>
/// How honest the Dawid–Skene posterior is: on generated ratings with a known truth (the same generator as
/// <c>consensus</c>), the accuracy of the MAP label, the majority vote's accuracy, and the expected calibration error
/// (15 equal-width bins of the max posterior). Then the same on many small projects (a dozen tasks, three raters),
/// where an overfitted model claims certainty it does not have, and the posterior of a 1-1-1 tie there.
/// Options: --ratings N (default 1,000,000), --raters R (100), --classes K (5), --seed S, --small-projects P (500),
/// --classic (no priors), --prior-strength S, --prior-accuracy A.
/// </summary>
public sealed class CalibrationBenchmark : IBenchmark
{
    private const int Bins = 15;

    public string Name => "consensus-calibration";

    public string Description => "Dawid-Skene accuracy and expected calibration error on 1M generated ratings and on small projects.";

    public Task<int> RunAsync(string[] args)
    {
        var ratings = IntArg(args, "--ratings", 1_000_000);
        var raters = IntArg(args, "--raters", 100);
        var classes = IntArg(args, "--classes", 5);
        var seed = IntArg(args, "--seed", 42);
        var smallProjects = IntArg(args, "--small-projects", 500);
        var options = args.Contains("--classic") ? DawidSkeneOptions.Classic : new DawidSkeneOptions
        {
            PriorStrength = DoubleArg(args, "--prior-strength", DawidSkeneOptions.Default.PriorStrength),
            PriorAccuracy = DoubleArg(args, "--prior-accuracy", DawidSkeneOptions.Default.PriorAccuracy),
        };
        Console.WriteLine($"options: prior strength {options.PriorStrength}, prior accuracy {options.PriorAccuracy}, class prior {options.ClassPriorStrength}");

        var (set, truth) = Build(new SyntheticRatings(ratings, raters, classes, seed), raters, classes);
        var sw = Stopwatch.StartNew();
        var fit = DawidSkene.Fit(set.ByItem, options);
        sw.Stop();
        var large = Measure(fit, set, truth);
        Console.WriteLine($"large: {set.Count:N0} ratings, {set.ItemCount:N0} items, {raters} raters, {classes} classes; fit {sw.ElapsedMilliseconds} ms, {fit.Model.Iterations} iterations");
        Console.WriteLine($"  Dawid-Skene accuracy {large.Accuracy:F4}, majority accuracy {large.MajorityAccuracy:F4}, ECE {large.Ece:F4}, mean max posterior {large.MeanConfidence:F4}");

        // Small projects: 12 tasks, 3 raters each rating every task, 3 classes, accuracies 0.55-0.95.
        var pooled = new List<(double Confidence, bool Correct)>();
        var majority = 0;
        var dsCorrect = 0;
        var total = 0;
        for (var p = 0; p < smallProjects; p++)
        {
            var (small, smallTruth) = Build(new SyntheticRatings(36, 3, 3, seed + 1000 + p), 3, 3);
            var smallFit = DawidSkene.Fit(small.ByItem, options);
            for (var i = 0; i < small.ItemCount; i++)
            {
                pooled.Add((smallFit.MaxPosterior[i], smallFit.Labels[i] == smallTruth[i]));
                dsCorrect += smallFit.Labels[i] == smallTruth[i] ? 1 : 0;
                majority += Majority(small.ByItem, i, 3) == smallTruth[i] ? 1 : 0;
                total++;
            }
        }
        Console.WriteLine($"small: {smallProjects} projects of a dozen tasks x 3 raters x 3 classes ({total} items)");
        Console.WriteLine($"  Dawid-Skene accuracy {(double)dsCorrect / total:F4}, majority accuracy {(double)majority / total:F4}, ECE {Ece(pooled):F4}, mean max posterior {pooled.Average(x => x.Confidence):F4}");

        var tie = TieProject();
        var tieFit = DawidSkene.Fit(tie.ByItem, options);
        Console.WriteLine($"1-1-1 tie among three raters on a dozen tasks: posterior of the MAP class {tieFit.MaxPosterior[^1]:F4}");
        return Task.FromResult(0);
    }

    /// <summary>Eleven tasks the three raters agree on (mixed classes), then one split 1-1-1.</summary>
    internal static RatingSet TieProject()
    {
        var items = new List<int>();
        var raters = new List<int>();
        var labels = new List<int>();
        for (var i = 0; i < 12; i++)
        {
            for (var r = 0; r < 3; r++)
            {
                items.Add(i);
                raters.Add(r);
                labels.Add(i == 11 ? r : i % 3);
            }
        }
        return new RatingSet([.. items], [.. raters], [.. labels], 12, 3, 3);
    }

    private sealed record Scores(double Accuracy, double MajorityAccuracy, double Ece, double MeanConfidence);

    private static Scores Measure(DawidSkeneResult fit, RatingSet set, int[] truth)
    {
        var pairs = new List<(double, bool)>(set.ItemCount);
        int correct = 0, majority = 0;
        for (var i = 0; i < set.ItemCount; i++)
        {
            var ok = fit.Labels[i] == truth[i];
            correct += ok ? 1 : 0;
            majority += Majority(set.ByItem, i, set.ClassCount) == truth[i] ? 1 : 0;
            pairs.Add((fit.MaxPosterior[i], ok));
        }
        return new Scores((double)correct / set.ItemCount, (double)majority / set.ItemCount, Ece(pairs), pairs.Average(p => p.Item1));
    }

    private static int Majority(RatingMatrix matrix, int item, int classes)
    {
        Span<int> counts = stackalloc int[classes];
        foreach (var l in matrix.LabelsOf(item)) counts[l]++;
        var best = 0;
        for (var c = 1; c < classes; c++)
        {
            if (counts[c] > counts[best]) best = c;
        }
        return best;
    }

    /// <summary>Expected calibration error: Σ_b (n_b / n) · |accuracy_b − confidence_b| over equal-width bins.</summary>
    internal static double Ece(IReadOnlyList<(double Confidence, bool Correct)> pairs)
    {
        var n = new int[Bins];
        var conf = new double[Bins];
        var acc = new double[Bins];
        foreach (var (c, ok) in pairs)
        {
            var b = Math.Min(Bins - 1, (int)(c * Bins));
            n[b]++;
            conf[b] += c;
            acc[b] += ok ? 1 : 0;
        }
        double ece = 0;
        for (var b = 0; b < Bins; b++)
        {
            if (n[b] > 0) ece += Math.Abs(acc[b] - conf[b]) / pairs.Count;
        }
        return ece;
    }

    private static (RatingSet Set, int[] Truth) Build(SyntheticRatings synthetic, int raters, int classes)
    {
        var items = new List<int>();
        var raterList = new List<int>();
        var labels = new List<int>();
        var truth = new List<int>();
        foreach (var row in synthetic.Rows())
        {
            items.Add(row.Item);
            raterList.Add(row.Rater);
            labels.Add(row.Label);
            if (row.Item == truth.Count) truth.Add(row.Truth);
        }
        return (new RatingSet([.. items], [.. raterList], [.. labels], truth.Count, raters, classes), [.. truth]);
    }

    private static double DoubleArg(string[] args, string name, double fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
