using LabelStudio.Feedback.Evaluation;

namespace LabelStudio.Feedback.Tests.Evaluation;

public sealed class RatioEstimatorTests
{
    [Fact]
    public void Estimate_TwoQueries_HandWorkedInterval()
    {
        // R = 4/4 = 1; residuals (1-2)/4 = -0.25 and (3-2)/4 = 0.25; var = 2/1 * 0.125 = 0.25; half = 1.96 * 0.5.
        var e = RatioEstimator.Estimate([1, 3], [2, 2]);

        Assert.Equal(1, e.Value, 12);
        Assert.Equal(1 - RatioEstimator.Z95 * 0.5, e.Low, 12);
        Assert.Equal(1 + RatioEstimator.Z95 * 0.5, e.High, 12);
        Assert.Equal(2, e.Queries);
    }

    [Fact]
    public void Estimate_UnitDenominators_IsMeanWithStandardError()
    {
        double[] x = [0.2, 0.4, 0.9, 0.5];
        var e = RatioEstimator.Estimate(x, [1, 1, 1, 1]);

        double mean = x.Average();
        double sd = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1));
        Assert.Equal(mean, e.Value, 12);
        Assert.Equal(RatioEstimator.Z95 * sd / 2, e.High - mean, 12);
    }

    [Fact]
    public void Estimate_SkipsZeroDenominatorsAndNeedsTwoQueriesForAnInterval()
    {
        var one = RatioEstimator.Estimate([3, 5], [4, 0]);
        var none = RatioEstimator.Estimate([1], [0]);

        Assert.Equal(0.75, one.Value, 12);
        Assert.True(double.IsNaN(one.Low));
        Assert.Equal(1, one.Queries);
        Assert.True(double.IsNaN(none.Value));
    }

    [Fact]
    public void Difference_PairedQueries_HandWorkedInterval()
    {
        // Per-query differences 0.3 and 0.5: mean 0.4, sample sd 0.1414, standard error 0.1.
        var d = RatioEstimator.Difference([0.2, 0.4, 7], [1, 1, 1], [0.5, 0.9, 0], [1, 1, 0]);

        Assert.Equal(0.4, d.Value, 12);
        Assert.Equal(0.4 - RatioEstimator.Z95 * 0.1, d.Low, 12);
        Assert.Equal(0.4 + RatioEstimator.Z95 * 0.1, d.High, 12);
        Assert.Equal(2, d.Queries);
    }

    [Fact]
    public void Wilson_NineOfTen_KnownInterval()
    {
        var (low, high) = RatioEstimator.Wilson(9, 10);

        Assert.Equal(0.5958, low, 4);
        Assert.Equal(0.9821, high, 4);
    }

    [Fact]
    public void SignTest_NineToOne_ExactBinomial()
    {
        // 2 * (C(10,0) + C(10,1)) / 2^10 = 22 / 1024.
        Assert.Equal(22.0 / 1024, RatioEstimator.SignTest(9, 1), 12);
        Assert.Equal(22.0 / 1024, RatioEstimator.SignTest(1, 9), 12);
        Assert.Equal(1, RatioEstimator.SignTest(0, 0));
        Assert.Equal(1, RatioEstimator.SignTest(5, 5));
    }

    [Fact]
    public void SignTest_LargeCounts_SmallButPositive()
    {
        double p = RatioEstimator.SignTest(5_300, 4_700);

        // Normal approximation: z = 600 / sqrt(10000) / 1 = 6 -> two-sided p about 2e-9.
        Assert.InRange(p, 1e-10, 1e-8);
    }
}
