namespace LabelStudio.Consensus.Tests;

public sealed class DawidSkeneTests
{
    private const string PublishedLabels = "1 4 2 2 2 2 1 3 2 2 4 3 1 2 1 1 1 1 2 2 2 2 2 2 1 1 2 1 1 1 1 3 1 2 2 4 2 3 3 1 1 1 2 1 2";

    /// <summary>The 1979 data fitted as in the paper: maximum likelihood, no priors (the published values).</summary>
    private static (RatingSet Set, DawidSkeneResult Result) FitDs1979(DawidSkeneOptions? options = null)
    {
        var set = TestData.Load("ds1979.csv");
        return (set, DawidSkene.Fit(set.ByItem, options ?? DawidSkeneOptions.Classic));
    }

    private static int Item(RatingSet set, int patient) => set.ItemIds.ToList().IndexOf(patient.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Fit_Ds1979_ClassMarginalsMatchThePaper()
    {
        var (_, result) = FitDs1979();

        double[] expected = [0.3996, 0.4220, 0.1118, 0.0667];
        for (var k = 0; k < 4; k++)
        {
            Assert.Equal(expected[k], result.Model.Priors[k], 0.01);
        }
        Assert.True(result.Model.Converged);
        Assert.Equal(-192.891, result.Model.LogLikelihood, 0.5);
    }

    [Fact]
    public void Fit_Ds1979_LabelsMatchThePublishedMapLabels()
    {
        var (set, result) = FitDs1979();
        var expected = PublishedLabels.Split(' ');

        for (var patient = 1; patient <= 45; patient++)
        {
            Assert.Equal(expected[patient - 1], set.CategoryIds[result.Labels[Item(set, patient)]]);
        }
    }

    [Fact]
    public void Fit_Ds1979_UncertainPatientsAreTheOnesInThePaper()
    {
        var (set, result) = FitDs1979(DawidSkeneOptions.Classic with { Smoothing = 0 });

        var uncertain = Enumerable.Range(1, 45).Where(p => result.MaxPosterior[Item(set, p)] < 0.99).ToArray();

        Assert.Equal([7, 35, 38], uncertain);
        Assert.Equal(0.948, result.MaxPosterior[Item(set, 35)], 0.01);
    }

    [Fact]
    public void Fit_Ds1979_Observer1ConfusionMatrixMatchesThePaper()
    {
        var (set, result) = FitDs1979(DawidSkeneOptions.Classic with { Smoothing = 0 });
        var observer1 = set.RaterIds.ToList().IndexOf("1");
        double[,] expected = { { .89, .11, 0, 0 }, { .07, .88, .05, 0 }, { 0, .34, .66, 0 }, { 0, 0, .56, .44 } };

        for (var t = 0; t < 4; t++)
        {
            for (var l = 0; l < 4; l++)
            {
                Assert.Equal(expected[t, l], result.Model.Confusion(observer1, t, l), 0.011);
            }
        }
    }

    [Fact]
    public void Fit_Ds1979_MajorityVoteDisagreesOnPatients2_12_36()
    {
        var (set, result) = FitDs1979();
        var mv = ItemStatistics.MajorityVote(set.ByItem.Counts);

        var differing = Enumerable.Range(1, 45).Where(p => mv[Item(set, p)] != result.Labels[Item(set, p)]).ToArray();

        Assert.Equal([2, 12, 36], differing);
    }

    [Fact]
    public void Fit_PosteriorsAreDistributions()
    {
        var (set, result) = FitDs1979();

        for (var i = 0; i < set.ItemCount; i++)
        {
            Assert.Equal(1.0, result.PosteriorOf(i).ToArray().Sum(), 9);
            Assert.Equal(result.PosteriorOf(i)[result.Labels[i]], result.MaxPosterior[i]);
        }
        for (var r = 0; r < set.RaterCount; r++)
        {
            for (var t = 0; t < 4; t++)
            {
                var row = 0.0;
                for (var l = 0; l < 4; l++)
                {
                    row += result.Model.Confusion(r, t, l);
                }
                Assert.Equal(1.0, row, 9);
            }
        }
    }

    [Fact]
    public void Fit_GoldItemsAreClamped()
    {
        var set = TestData.Load("ds1979.csv");
        var gold = Enumerable.Repeat(-1, set.ItemCount).ToArray();
        var patient2 = Item(set, 2);
        gold[patient2] = 2; // the class "3", against the DS estimate "4"

        var result = DawidSkene.Fit(set.ByItem, gold: gold);

        Assert.Equal(2, result.Labels[patient2]);
        Assert.Equal(1.0, result.MaxPosterior[patient2]);
        Assert.Equal(0.0, result.PosteriorOf(patient2)[3]);
    }

    [Fact]
    public void Fit_GoldAnchorsAHonestAndASwappedRater()
    {
        // Rater 0 is honest, rater 1 always answers the other class: the votes alone cannot tell them apart
        // (every item is a 1-1 tie), but 10 % gold items identify which rater to trust.
        var rng = new Random(5);
        var items = new List<int>();
        var raters = new List<int>();
        var labels = new List<int>();
        var truth = new int[200];
        for (var i = 0; i < 200; i++)
        {
            truth[i] = rng.Next(2);
            for (var r = 0; r < 2; r++)
            {
                items.Add(i);
                raters.Add(r);
                labels.Add(r == 0 ? truth[i] : 1 - truth[i]);
            }
        }
        var set = new RatingSet([.. items], [.. raters], [.. labels], 200, 2, 2);
        var gold = Enumerable.Repeat(-1, 200).ToArray();
        for (var i = 0; i < 20; i++)
        {
            gold[i] = truth[i];
        }

        var with = DawidSkene.Fit(set.ByItem, gold: gold);
        var without = DawidSkene.Fit(set.ByItem);

        Assert.Equal(truth, with.Labels);
        Assert.True(with.Model.Accuracy(0) > 0.95);
        // The confusion prior (8 pseudo-ratings, 70 % right) keeps the swapped rater's accuracy a little above 0.
        Assert.True(with.Model.Accuracy(1) < 0.1, $"accuracy {with.Model.Accuracy(1)}");
        Assert.True(without.MaxPosterior.All(p => Math.Abs(p - 0.5) < 1e-9), "without gold every item stays undecided");
    }

    [Fact]
    public void Fit_OneCoin_Ds1979_AgreesWithMajorityVoteMostly()
    {
        var (set, result) = FitDs1979(DawidSkeneOptions.Classic with { OneCoin = true });
        var mv = ItemStatistics.MajorityVote(set.ByItem.Counts);

        var agree = Enumerable.Range(0, set.ItemCount).Count(i => mv[i] == result.Labels[i]);

        Assert.True(agree >= 43, $"agree {agree}");
        for (var r = 0; r < set.RaterCount; r++)
        {
            var m = result.Model.ConfusionMatrix(r);
            Assert.Equal(m[1], m[2], 12);
            Assert.Equal(m[0], m[5], 12);
        }
    }

    [Fact]
    public void Fit_RecoversRaterAccuraciesOnSyntheticData()
    {
        var (set, truth, accuracy) = Synthetic.Generate(items: 2000, raters: 8, classes: 3, perItem: 4, seed: 1);

        var result = DawidSkene.Fit(set.ByItem);

        var correct = result.Labels.Zip(truth).Count(x => x.First == x.Second);
        Assert.True(correct > 0.93 * truth.Length, $"correct {correct}");
        for (var r = 0; r < 8; r++)
        {
            Assert.Equal(accuracy[r], result.Model.Accuracy(r), 0.05);
        }
    }

    [Fact]
    public void Fit_ThreeWayTieOnADozenTasks_PosteriorStaysFarFromCertain()
    {
        var set = TieProject();

        var honest = DawidSkene.Fit(set.ByItem);
        var classic = DawidSkene.Fit(set.ByItem, DawidSkeneOptions.Classic);

        // Without a prior, three raters who agreed on eleven tasks look infallible and one of them wins the tie.
        Assert.True(classic.MaxPosterior[11] > 0.99, $"classic {classic.MaxPosterior[11]}");
        Assert.True(honest.MaxPosterior[11] < 0.5, $"with the prior {honest.MaxPosterior[11]}");
        // The agreed tasks stay confident.
        Assert.All(Enumerable.Range(0, 11), i => Assert.True(honest.MaxPosterior[i] > 0.95));
    }

    [Fact]
    public void Fit_ManyRatings_PriorChangesNoLabelAndAlmostNoPosterior()
    {
        var (set, _, _) = Synthetic.Generate(items: 3000, raters: 8, classes: 3, perItem: 4, seed: 7);

        var honest = DawidSkene.Fit(set.ByItem);
        var classic = DawidSkene.Fit(set.ByItem, DawidSkeneOptions.Classic);

        var changed = Enumerable.Range(0, set.ItemCount).Count(i => honest.Labels[i] != classic.Labels[i]);
        Assert.True(changed <= set.ItemCount / 500, $"changed {changed}");
        var meanShift = Enumerable.Range(0, set.ItemCount).Average(i => Math.Abs(honest.MaxPosterior[i] - classic.MaxPosterior[i]));
        Assert.True(meanShift < 0.01, $"mean shift {meanShift}");
    }

    [Fact]
    public void Fit_PriorOutOfRange_Throws()
    {
        var set = TieProject();

        Assert.Throws<ArgumentOutOfRangeException>(() => DawidSkene.Fit(set.ByItem, new DawidSkeneOptions { PriorAccuracy = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => DawidSkene.Fit(set.ByItem, new DawidSkeneOptions { PriorStrength = -1 }));
    }

    /// <summary>Three raters agree on eleven tasks (classes 0, 1, 2 in turn) and split 1-1-1 on the twelfth.</summary>
    private static RatingSet TieProject()
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

    [Fact]
    public void Fit_RespectsTheIterationCap()
    {
        var (_, result) = FitDs1979(DawidSkeneOptions.Classic with { MaxIterations = 2, Tolerance = 0 });

        Assert.Equal(2, result.Model.Iterations);
        Assert.False(result.Model.Converged);
    }

    [Fact]
    public void Model_PosteriorForASingleTaskMatchesTheBatchPosterior()
    {
        var (set, result) = FitDs1979();
        var i = Item(set, 35);
        Span<double> posterior = stackalloc double[4];

        var map = result.Model.Posterior(set.ByItem.RatersOf(i), set.ByItem.LabelsOf(i), posterior);

        Assert.Equal(result.Labels[i], map);
        for (var k = 0; k < 4; k++)
        {
            Assert.Equal(result.PosteriorOf(i)[k], posterior[k], 6);
        }
    }

    [Fact]
    public void Model_UnknownRaterUsesThePooledMatrix()
    {
        var model = new DawidSkeneModel([0.5, 0.5], [0.9, 0.1, 0.1, 0.9, 0.7, 0.3, 0.3, 0.7], 2);
        Span<double> posterior = stackalloc double[2];

        model.Posterior([5], [0], posterior);

        // Pooled P(0|0) = 0.8, P(0|1) = 0.2.
        Assert.Equal(0.8, posterior[0], 12);
    }
}

internal static class Synthetic
{
    /// <summary>Items with a uniform true class; rater r has accuracy 0.6 + 0.35 r/(R-1) with errors spread evenly.</summary>
    public static (RatingSet Set, int[] Truth, double[] Accuracy) Generate(int items, int raters, int classes, int perItem, int seed,
        Func<int, int, int, Random, int?>? spammer = null)
    {
        var rng = new Random(seed);
        var accuracy = Enumerable.Range(0, raters).Select(r => 0.6 + 0.35 * r / Math.Max(1, raters - 1)).ToArray();
        var truth = new int[items];
        var it = new List<int>();
        var ra = new List<int>();
        var la = new List<int>();
        var chosen = new HashSet<int>();
        for (var i = 0; i < items; i++)
        {
            truth[i] = rng.Next(classes);
            chosen.Clear();
            while (chosen.Count < perItem)
            {
                chosen.Add(rng.Next(raters));
            }
            foreach (var r in chosen.Order())
            {
                var label = spammer?.Invoke(r, truth[i], classes, rng)
                            ?? (rng.NextDouble() < accuracy[r] ? truth[i] : (truth[i] + 1 + rng.Next(classes - 1)) % classes);
                it.Add(i);
                ra.Add(r);
                la.Add(label);
            }
        }
        return (new RatingSet([.. it], [.. ra], [.. la], items, raters, classes), truth, accuracy);
    }
}
