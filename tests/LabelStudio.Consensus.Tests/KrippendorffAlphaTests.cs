namespace LabelStudio.Consensus.Tests;

public sealed class KrippendorffAlphaTests
{
    [Theory]
    [InlineData(MeasurementLevel.Nominal, 0.743421)]
    [InlineData(MeasurementLevel.Ordinal, 0.815388)]
    [InlineData(MeasurementLevel.Interval, 0.849107)]
    [InlineData(MeasurementLevel.Ratio, 0.797403)]
    public void Compute_Krippendorff2011_MatchesPublishedValues(MeasurementLevel level, double expected)
    {
        var set = TestData.Load("krippendorff2011.csv");
        var values = CategoryOrdering.TryParseAll(set.CategoryIds)!;

        var result = KrippendorffAlpha.Compute(set.ByItem.Counts, level, values);

        Assert.Equal(expected, result.Alpha, TestData.Tolerance);
        Assert.Equal(11, result.PairableUnits);
        Assert.Equal(40, result.PairableValues);
    }

    [Theory]
    [InlineData(MeasurementLevel.Nominal, 0.691358)]
    [InlineData(MeasurementLevel.Interval, 0.810845)]
    public void Compute_WikipediaThreeCoders_MatchesFastKrippendorff(MeasurementLevel level, double expected)
    {
        var set = TestData.Load("krippendorff_wikipedia.csv");
        var values = CategoryOrdering.TryParseAll(set.CategoryIds)!;

        var result = KrippendorffAlpha.Compute(set.ByItem.Counts, level, values);

        Assert.Equal(expected, result.Alpha, 1e-6);
    }

    [Fact]
    public void Compute_TwoRatersContingency_MatchesIrrCac()
    {
        var (a, b) = TestData.FromContingency(new[,] { { 13, 0, 0 }, { 0, 20, 7 }, { 0, 4, 56 } });
        var set = TestData.TwoRaters(a, b, 3);

        Assert.Equal(0.7972585, KrippendorffAlpha.Compute(set.ByItem.Counts, MeasurementLevel.Nominal).Alpha, 1e-6);
    }

    [Fact]
    public void Compute_UnitsWithOneRating_DropOut()
    {
        var baseRows = new List<int[]> { new[] { 2, 0, 0 }, new[] { 0, 2, 1 }, new[] { 1, 0, 2 } };
        var withSingles = new List<int[]>(baseRows) { new[] { 0, 0, 1 }, new[] { 1, 0, 0 }, new[] { 0, 0, 0 } };

        var a = KrippendorffAlpha.Compute(CountTable.FromRows(baseRows), MeasurementLevel.Nominal);
        var b = KrippendorffAlpha.Compute(CountTable.FromRows(withSingles), MeasurementLevel.Nominal);

        Assert.Equal(a.Alpha, b.Alpha, 12);
        Assert.Equal(3, b.PairableUnits);
    }

    [Fact]
    public void Compute_HandComputedNominal()
    {
        // Units: (0,0), (0,1), (1,1): n = 6, n_0 = n_1 = 3; o_01 = o_10 = 1; alpha = 1 - 5·2 / (2·3·3) = 4/9.
        var table = CountTable.FromRows([new[] { 2, 0 }, new[] { 1, 1 }, new[] { 0, 2 }]);

        var result = KrippendorffAlpha.Compute(table, MeasurementLevel.Nominal);

        Assert.Equal(4.0 / 9, result.Alpha, 12);
        Assert.Equal(2.0 / 6, result.ObservedDisagreement, 12);
        Assert.Equal(18.0 / 30, result.ExpectedDisagreement, 12);
    }

    [Theory]
    [InlineData(MeasurementLevel.Nominal)]
    [InlineData(MeasurementLevel.Ordinal)]
    [InlineData(MeasurementLevel.Interval)]
    [InlineData(MeasurementLevel.Ratio)]
    public void Compute_PerfectAgreementWithVariation_IsOne(MeasurementLevel level)
    {
        var table = CountTable.FromRows([new[] { 3, 0, 0 }, new[] { 0, 2, 0 }, new[] { 0, 0, 4 }, new[] { 0, 1, 0 }]);

        Assert.Equal(1.0, KrippendorffAlpha.Compute(table, level, [1, 2, 3]).Alpha, 12);
    }

    [Fact]
    public void Compute_SingleCategoryOnly_IsUndefinedNaN()
    {
        var table = CountTable.FromRows([new[] { 3, 0 }, new[] { 2, 0 }]);

        var result = KrippendorffAlpha.Compute(table, MeasurementLevel.Nominal);

        Assert.True(double.IsNaN(result.Alpha));
        Assert.Equal(0, result.ObservedDisagreement);
        Assert.Equal(2, result.PairableUnits);
    }

    [Fact]
    public void Compute_NoPairableUnit_IsNaN()
    {
        var table = CountTable.FromRows([new[] { 1, 0 }, new[] { 0, 1 }]);

        var result = KrippendorffAlpha.Compute(table, MeasurementLevel.Nominal);

        Assert.True(double.IsNaN(result.Alpha));
        Assert.Equal(0, result.PairableUnits);
    }

    [Fact]
    public void Compute_SystematicDisagreement_IsNegative()
    {
        var table = CountTable.FromRows([new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }]);

        Assert.True(KrippendorffAlpha.Compute(table, MeasurementLevel.Nominal).Alpha < 0);
    }

    [Fact]
    public void Compute_CustomDistanceEqualToNominal_GivesNominalAlpha()
    {
        var set = TestData.Load("krippendorff2011.csv");
        var k = set.ClassCount;
        var delta = new double[k * k];
        for (var c = 0; c < k; c++)
        {
            for (var e = 0; e < k; e++)
            {
                delta[c * k + e] = c == e ? 0 : 1;
            }
        }

        Assert.Equal(0.743421, KrippendorffAlpha.Compute(set.ByItem.Counts, delta).Alpha, 1e-6);
    }

    [Fact]
    public void DistanceMatrix_Ordinal_UsesRankFrequencies()
    {
        // Marginals 2, 3, 5: δ(0,1) = (2+3 - 2.5)² = 6.25, δ(0,2) = (10 - 3.5)² = 42.25, δ(1,2) = (8 - 4)² = 16.
        var d = KrippendorffAlpha.DistanceMatrix(MeasurementLevel.Ordinal, [1, 2, 3], [2, 3, 5]);

        Assert.Equal(6.25, d[1], 12);
        Assert.Equal(42.25, d[2], 12);
        Assert.Equal(16, d[5], 12);
        Assert.Equal(0, d[4]);
    }

    [Fact]
    public void Bootstrap_IsDeterministicForASeedAndBracketsAlpha()
    {
        var set = TestData.Load("ds1979.csv");
        var table = set.ByItem.Counts;
        var alpha = KrippendorffAlpha.Compute(table, MeasurementLevel.Nominal).Alpha;

        var a = KrippendorffAlpha.Bootstrap(table, MeasurementLevel.Nominal, resamples: 1000, seed: 7);
        var b = KrippendorffAlpha.Bootstrap(table, MeasurementLevel.Nominal, resamples: 1000, seed: 7);
        var c = KrippendorffAlpha.Bootstrap(table, MeasurementLevel.Nominal, resamples: 1000, seed: 8);

        Assert.Equal(a, b);
        Assert.NotEqual(a.Lower, c.Lower);
        Assert.True(a.Lower < alpha && alpha < a.Upper, $"{a.Lower} < {alpha} < {a.Upper}");
        Assert.True(a.Upper - a.Lower is > 0.02 and < 0.4);
        Assert.Equal(1000, a.Resamples);
    }

    [Theory]
    [InlineData(MeasurementLevel.Ordinal)]
    [InlineData(MeasurementLevel.Interval)]
    public void Bootstrap_OtherLevels_BracketAlpha(MeasurementLevel level)
    {
        var set = TestData.Load("ds1979.csv");
        var alpha = KrippendorffAlpha.Compute(set.ByItem.Counts, level).Alpha;

        var ci = KrippendorffAlpha.Bootstrap(set.ByItem.Counts, level, resamples: 500, seed: 1);

        Assert.InRange(alpha, ci.Lower, ci.Upper);
    }

    [Fact]
    public void Bootstrap_MatchesNaiveUnitResamplingInDistribution()
    {
        // The pooled multinomial draw must give the same sampling distribution as drawing units one by one.
        var set = TestData.Load("ds1979.csv");
        var table = set.ByItem.Counts;
        var fast = KrippendorffAlpha.Bootstrap(table, MeasurementLevel.Nominal, resamples: 4000, seed: 3);
        var rng = new Random(11);
        var alphas = new List<double>();
        for (var b = 0; b < 4000; b++)
        {
            var rows = new List<int[]>();
            for (var u = 0; u < table.ItemCount; u++)
            {
                rows.Add(table.Row(rng.Next(table.ItemCount)).ToArray());
            }
            alphas.Add(KrippendorffAlpha.Compute(CountTable.FromRows(rows), MeasurementLevel.Nominal).Alpha);
        }
        alphas.Sort();

        Assert.Equal(KrippendorffAlpha.Quantile(alphas, 0.025), fast.Lower, 0.015);
        Assert.Equal(KrippendorffAlpha.Quantile(alphas, 0.975), fast.Upper, 0.015);
    }

    [Theory]
    [InlineData(5, 0.3)]
    [InlineData(1000, 0.01)]
    [InlineData(1000, 0.3)]
    [InlineData(100000, 0.5)]
    [InlineData(7, 0.9)]
    public void Binomial_HasTheRightMeanAndVariance(long n, double p)
    {
        var rng = new SplitMix(99);
        const int draws = 20000;
        double sum = 0, sumSq = 0;
        for (var i = 0; i < draws; i++)
        {
            var x = rng.Binomial(n, p);
            Assert.InRange(x, 0, n);
            sum += x;
            sumSq += (double)x * x;
        }
        var mean = sum / draws;
        var variance = sumSq / draws - mean * mean;
        var sd = Math.Sqrt(n * p * (1 - p));

        Assert.Equal(n * p, mean, 5 * sd / Math.Sqrt(draws));
        Assert.Equal(n * p * (1 - p), variance, 0.05 * n * p * (1 - p));
    }
}
