namespace LabelStudio.Consensus.Tests;

public sealed class CohenKappaTests
{
    [Fact]
    public void FromTable_Wikipedia2x2_Is04()
    {
        Assert.Equal(0.4, CohenKappa.FromTable([20.0, 5, 10, 15], 2), 12);
    }

    [Theory]
    [InlineData(KappaWeighting.Unweighted, 0.484163)]
    [InlineData(KappaWeighting.Linear, 0.470120)]
    [InlineData(KappaWeighting.Quadratic, 0.450161)]
    public void FromTable_Sas3x3_MatchesSasAndStatsmodels(KappaWeighting weighting, double expected)
    {
        Assert.Equal(expected, CohenKappa.FromTable([0.0, 4, 1, 0, 8, 0, 0, 1, 5], 3, weighting), 1e-6);
    }

    [Fact]
    public void FromTable_Cont3x3Abstractors_MatchesIrrCac()
    {
        Assert.Equal(0.7964094, CohenKappa.FromTable([13, 0, 0, 0, 20, 7, 0, 4, 56], 3), 1e-6);
    }

    [Theory]
    [InlineData(KappaWeighting.Unweighted, -0.006289308)]
    [InlineData(KappaWeighting.Linear, 0.1459075)]
    [InlineData(KappaWeighting.Quadratic, 0.2520325)]
    public void Compute_AnxietyWithObservedLevelsDeclared_MatchesRIrr(KappaWeighting weighting, double expected)
    {
        // R irr ranks the levels that occur (1,2,3,4,6); declaring exactly those reproduces it.
        var set = TestData.Load("irr_anxiety.csv", ["1", "2", "3", "4", "5", "6"]);
        var (r2, r3) = Columns(set, "rater2", "rater3");
        int[] observedLevels = [0, 1, 2, 3, -1, 4];
        var a = r2.Select(x => observedLevels[x]).ToArray();
        var b = r3.Select(x => observedLevels[x]).ToArray();

        Assert.Equal(expected, CohenKappa.Compute(a, b, 5, weighting), 1e-6);
    }

    [Fact]
    public void Compute_AnxietyWithDeclaredScale1To6_UsesTheDeclaredList()
    {
        var set = TestData.Load("irr_anxiety.csv", ["1", "2", "3", "4", "5", "6"]);
        var (r2, r3) = Columns(set, "rater2", "rater3");

        Assert.Equal(0.126214, CohenKappa.Compute(r2, r3, 6, KappaWeighting.Linear), 1e-6);
        Assert.Equal(-0.006289308, CohenKappa.Compute(r2, r3, 6), 1e-6);
    }

    [Fact]
    public void Compute_BothRatersConstantSameCategory_IsNaN()
    {
        Assert.True(double.IsNaN(CohenKappa.Compute([1, 1, 1], [1, 1, 1], 3)));
    }

    [Fact]
    public void Compute_SkipsMissingPairs()
    {
        Assert.Equal(1.0, CohenKappa.Compute([0, 1, -1, 0], [0, 1, 1, -1], 2), 12);
    }

    [Theory]
    [InlineData(0, 2, 5, KappaWeighting.Linear, 0.5)]
    [InlineData(0, 2, 5, KappaWeighting.Quadratic, 0.75)]
    [InlineData(0, 4, 5, KappaWeighting.Quadratic, 0.0)]
    [InlineData(1, 3, 5, KappaWeighting.Unweighted, 0.0)]
    [InlineData(3, 3, 5, KappaWeighting.Unweighted, 1.0)]
    public void Weight_FollowsTheDeclaredPositions(int i, int j, int k, KappaWeighting w, double expected)
    {
        Assert.Equal(expected, CohenKappa.Weight(i, j, k, w), 12);
    }

    [Fact]
    public void PairwiseKappa_ComputesEveryOverlappingPair()
    {
        var set = TestData.Load("irr_anxiety.csv", ["1", "2", "3", "4", "5", "6"]);

        var pairs = PairwiseKappa.Compute(set.ByItem);

        Assert.Equal(3, pairs.Count);
        var r2 = set.RaterIds.ToList().IndexOf("rater2");
        var r3 = set.RaterIds.ToList().IndexOf("rater3");
        var pair = Assert.Single(pairs, p => p.RaterA == Math.Min(r2, r3) && p.RaterB == Math.Max(r2, r3));
        Assert.Equal(20, pair.Overlap);
        Assert.Equal(-0.006289308, pair.Kappa, 1e-6);
    }

    [Fact]
    public void PairwiseKappa_MissingRatingsReduceOverlap()
    {
        // Items: 0 (A,B,C), 1 (A,B), 2 (B,C), 3 (A only).
        var set = new RatingSet([0, 0, 0, 1, 1, 2, 2, 3], [0, 1, 2, 0, 1, 1, 2, 0], [0, 0, 1, 1, 1, 0, 0, 1], 4, 3, 2);

        var pairs = PairwiseKappa.Compute(set.ByItem);

        Assert.Equal(2, pairs.Single(p => p is { RaterA: 0, RaterB: 1 }).Overlap);
        Assert.Equal(1, pairs.Single(p => p is { RaterA: 0, RaterB: 2 }).Overlap);
        Assert.Equal(2, pairs.Single(p => p is { RaterA: 1, RaterB: 2 }).Overlap);
        Assert.Equal(1.0, pairs.Single(p => p is { RaterA: 0, RaterB: 1 }).Kappa, 12);
        Assert.Equal(0.5, pairs.Single(p => p is { RaterA: 1, RaterB: 2 }).PercentAgreement, 12);
    }

    private static (int[] A, int[] B) Columns(RatingSet set, string a, string b)
    {
        var ra = set.RaterIds.ToList().IndexOf(a);
        var rb = set.RaterIds.ToList().IndexOf(b);
        var x = new int[set.ItemCount];
        var y = new int[set.ItemCount];
        Array.Fill(x, -1);
        Array.Fill(y, -1);
        for (var j = 0; j < set.Count; j++)
        {
            if (set.Raters[j] == ra)
            {
                x[set.Items[j]] = set.Labels[j];
            }
            else if (set.Raters[j] == rb)
            {
                y[set.Items[j]] = set.Labels[j];
            }
        }
        return (x, y);
    }
}
