using System.Diagnostics;

namespace LabelStudio.Consensus.Batch;

/// <summary>Settings of a batch agreement run.</summary>
public sealed record AgreementOptions
{
    /// <summary>Ratings CSV with header <c>item_id,rater_id,label</c>.</summary>
    public required string InputPath { get; init; }

    /// <summary>Directory for items.csv, raters.csv and pairwise.csv (created if missing).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Level of measurement for alpha.</summary>
    public MeasurementLevel Level { get; init; } = MeasurementLevel.Nominal;

    /// <summary>Optional gold CSV with header <c>item_id,label</c>.</summary>
    public string? GoldPath { get; init; }

    /// <summary>Declared category order; null = <see cref="CategoryOrdering"/> (numeric if all labels are numbers, else ordinal text).</summary>
    public IReadOnlyList<string>? Categories { get; init; }

    /// <summary>Bootstrap resamples for the alpha interval (0 = skip).</summary>
    public int BootstrapResamples { get; init; } = 1000;

    /// <summary>Bootstrap seed.</summary>
    public ulong Seed { get; init; } = 0x5EED;

    /// <summary>Weighting of the pairwise Cohen's kappas.</summary>
    public KappaWeighting PairwiseWeighting { get; init; } = KappaWeighting.Unweighted;

    /// <summary>Conflict rule applied to every item.</summary>
    public ConflictRule ConflictRule { get; init; } = ConflictRule.Default;

    /// <summary>Dawid–Skene settings.</summary>
    public DawidSkeneOptions DawidSkene { get; init; } = DawidSkeneOptions.Default;

    /// <summary>Spammer rule.</summary>
    public SpammerRule SpammerRule { get; init; } = SpammerRule.Default;
}

/// <summary>
/// The batch runner behind <c>labelstudio agreement</c>: reads the ratings CSV (and optional gold CSV), computes every
/// measure and writes three files to the output directory:
/// <list type="bullet">
/// <item><c>items.csv</c>: item_id, mv_label, mv_share, tie, entropy, ds_label, ds_posterior, conflict</item>
/// <item><c>raters.csv</c>: rater_id, ratings, loo_agreement, ds_accuracy, mean_kappa, spammer</item>
/// <item><c>pairwise.csv</c>: rater_a, rater_b, overlap, kappa (pairs that share at least one item)</item>
/// </list>
/// Labels are the categories' text; numbers have at most 6 decimals; undefined values are empty; booleans are
/// true/false. For ordinal, interval and ratio data the category values are the labels parsed as numbers when every
/// label is numeric; otherwise the categories' ranks 0..K−1 in category order (ordinal text order unless
/// <see cref="AgreementOptions.Categories"/> declares one). Items keep first-appearance order in items.csv.
/// </summary>
public static class AgreementRunner
{
    /// <summary>Runs the whole pipeline. Throws <see cref="RatingsFormatException"/> for malformed input.</summary>
    public static AgreementSummary Run(AgreementOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var timings = new List<StageTiming>();
        var total = Stopwatch.StartNew();
        var stage = Stopwatch.StartNew();
        void Mark(string name)
        {
            timings.Add(new StageTiming(name, stage.Elapsed.TotalSeconds));
            stage.Restart();
        }

        var raw = RatingsCsv.ReadRaw(options.InputPath);
        var goldRaw = options.GoldPath is null ? null : RatingsCsv.ParseGold(options.GoldPath, raw.ItemInterner, raw.LabelInterner);
        Mark("read");

        var labelIds = raw.LabelInterner.ToStrings();
        var (categories, remap) = RatingsCsv.OrderCategories(labelIds, options.Categories);
        var labels = raw.Labels;
        for (var j = 0; j < raw.Count; j++)
        {
            labels[j] = remap[labels[j]];
        }
        int[]? gold = null;
        var goldItems = 0;
        if (goldRaw is not null)
        {
            gold = goldRaw;
            for (var i = 0; i < gold.Length; i++)
            {
                if (gold[i] >= 0)
                {
                    gold[i] = remap[gold[i]];
                    goldItems++;
                }
            }
        }
        var k = Math.Max(1, categories.Length);
        var values = CategoryOrdering.TryParseAll(categories) ?? Enumerable.Range(0, k).Select(x => (double)x).ToArray();
        var itemCount = raw.ItemInterner.Count;
        var raterIds = raw.RaterInterner.ToStrings();
        var matrix = RatingMatrix.Build(raw.Items.AsSpan(0, raw.Count), raw.Raters.AsSpan(0, raw.Count), labels.AsSpan(0, raw.Count),
            itemCount, raterIds.Length, k);
        Mark("index");

        var table = matrix.Counts;
        var alpha = KrippendorffAlpha.Compute(table, options.Level, values);
        var interval = options.BootstrapResamples > 0
            ? KrippendorffAlpha.Bootstrap(table, options.Level, values, options.BootstrapResamples, options.Seed)
            : new AlphaInterval(double.NaN, double.NaN, 0.95, 0);
        Mark("alpha");

        var fleiss = MultiRaterAgreement.FleissKappa(table);
        var ac1 = MultiRaterAgreement.GwetAc1(table);
        Mark("agreement");

        var pairs = PairwiseKappa.Compute(matrix, options.PairwiseWeighting);
        double kappaSum = 0, kappaWeight = 0;
        foreach (var p in pairs)
        {
            if (!double.IsNaN(p.Kappa))
            {
                kappaSum += p.Kappa * p.Overlap;
                kappaWeight += p.Overlap;
            }
        }
        Mark("pairwise");

        var ds = DawidSkene.Fit(matrix, options.DawidSkene, gold);
        Mark("dawid_skene");

        var itemStats = ItemStatistics.Compute(table);
        var conflicts = new bool[itemCount];
        int conflictCount = 0, ties = 0, disagreements = 0;
        for (var i = 0; i < itemCount; i++)
        {
            var score = TaskScorer.Evaluate(table.Row(i), ds.PosteriorOf(i), gold is null ? -1 : gold[i], options.ConflictRule);
            conflicts[i] = score.Outcome == TaskOutcome.Conflict;
            conflictCount += conflicts[i] ? 1 : 0;
            ties += itemStats.Tie[i] ? 1 : 0;
            disagreements += itemStats.MajorityLabel[i] != ds.Labels[i] ? 1 : 0;
        }
        Mark("items");

        var raters = RaterReliability.Compute(matrix, ds.Model, pairs, gold, options.SpammerRule);
        Mark("raters");

        Directory.CreateDirectory(options.OutputDirectory);
        WriteItems(Path.Combine(options.OutputDirectory, "items.csv"), raw.ItemInterner, categories, itemStats, ds, conflicts);
        WriteRaters(Path.Combine(options.OutputDirectory, "raters.csv"), raterIds, raters);
        WritePairwise(Path.Combine(options.OutputDirectory, "pairwise.csv"), raterIds, pairs);
        Mark("write");

        return new AgreementSummary
        {
            Input = options.InputPath,
            Level = options.Level,
            Ratings = raw.Count,
            Items = itemCount,
            Raters = raterIds.Length,
            Categories = categories,
            GoldItems = goldItems,
            Alpha = alpha.Alpha,
            AlphaInterval = interval,
            FleissKappa = fleiss.Value,
            Ac1 = ac1.Value,
            PercentAgreement = fleiss.ObservedAgreement,
            MeanPairwiseKappa = kappaWeight == 0 ? double.NaN : kappaSum / kappaWeight,
            DawidSkene = new DawidSkeneSummary(ds.Model.Iterations, ds.Model.Converged, ds.Model.LogLikelihood, ds.Model.Priors.ToArray()),
            Conflicts = conflictCount,
            Ties = ties,
            MajorityDawidSkeneDisagreements = disagreements,
            Spammers = raters.Count(r => r.IsSpammer),
            Seconds = total.Elapsed.TotalSeconds,
            Timings = timings,
        };
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void WriteItems(string path, ByteInterner itemIds, string[] categories, ItemAgreement stats, DawidSkeneResult ds, bool[] conflicts)
    {
        var encoded = categories.Select(c => System.Text.Encoding.UTF8.GetBytes(c)).ToArray();
        using var w = new Utf8CsvWriter(path);
        w.Header("item_id", "mv_label", "mv_share", "tie", "entropy", "ds_label", "ds_posterior", "conflict");
        for (var i = 0; i < itemIds.Count; i++)
        {
            w.Utf8(itemIds.Get(i));
            w.Utf8(encoded[stats.MajorityLabel[i]]);
            w.Number(stats.MajorityShare[i]);
            w.Bool(stats.Tie[i]);
            w.Number(stats.NormalizedEntropy[i]);
            w.Utf8(encoded[ds.Labels[i]]);
            w.Number(ds.MaxPosterior[i]);
            w.Bool(conflicts[i]);
            w.EndLine();
        }
    }

    private static void WriteRaters(string path, string[] raterIds, RaterStatistics[] raters)
    {
        using var w = new Utf8CsvWriter(path);
        w.Header("rater_id", "ratings", "loo_agreement", "ds_accuracy", "mean_kappa", "spammer");
        foreach (var r in raters)
        {
            w.Text(raterIds[r.Rater]);
            w.Int(r.Ratings);
            w.Number(r.LeaveOneOutAgreement);
            w.Number(r.DawidSkeneAccuracy);
            w.Number(r.MeanPairwiseKappa);
            w.Bool(r.IsSpammer);
            w.EndLine();
        }
    }

    private static void WritePairwise(string path, string[] raterIds, IReadOnlyList<RaterPairAgreement> pairs)
    {
        using var w = new Utf8CsvWriter(path);
        w.Header("rater_a", "rater_b", "overlap", "kappa");
        foreach (var p in pairs)
        {
            w.Text(raterIds[p.RaterA]);
            w.Text(raterIds[p.RaterB]);
            w.Int(p.Overlap);
            w.Number(p.Kappa);
            w.EndLine();
        }
    }
}
