using LabelStudio.Feedback.Graded;

namespace LabelStudio.Feedback.Tests.Graded;

public sealed class GradedModelTests
{
    [Fact]
    public void Fit_SimulatedCumulativeLogit_RecoversSlopeAndCuts()
    {
        var rng = new Random(5);
        double[] cuts = [-1.5, 0, 1, 2.5];
        const double slope = 2.0;
        int n = 4000;
        var x = new double[n][];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            double v = rng.NextDouble() * 4 - 2;
            x[i] = [v];
            double u = rng.NextDouble();
            int g = 0;
            while (g < cuts.Length && u > 1 / (1 + Math.Exp(-(cuts[g] - slope * v)))) g++;
            y[i] = g;
        }

        var model = OrdinalLogisticModel.Fit(x, y, 5, l2: 1e-6);

        // The model works on standardised features: slope and cuts are on that scale.
        double sd = Math.Sqrt(x.Average(r => r[0] * r[0]) - Math.Pow(x.Average(r => r[0]), 2));
        double mean = x.Average(r => r[0]);
        Assert.InRange(model.Weights[0] / sd, slope - 0.2, slope + 0.2);
        for (int k = 0; k < cuts.Length; k++)
        {
            Assert.InRange(model.Cuts[k] - model.Weights[0] / sd * mean, cuts[k] - 0.25, cuts[k] + 0.25);
        }
        Span<double> p = stackalloc double[5];
        model.Predict([0.0], p);
        Assert.InRange(p[0], 0.15, 0.22); // σ(−1.5) = 0.18
        Assert.InRange(p[0] + p[1] + p[2] + p[3] + p[4], 1 - 1e-9, 1 + 1e-9);
    }

    [Fact]
    public void Fit_GradeMissingFromTheSeed_GetsASmallProbabilityAndTheCutsStayOrdered()
    {
        var rng = new Random(9);
        var x = new double[300][];
        var y = new int[300];
        for (int i = 0; i < 300; i++)
        {
            int g = i % 3 == 0 ? 0 : i % 3 == 1 ? 1 : 4;
            x[i] = [g + rng.NextDouble()];
            y[i] = g;
        }

        var model = OrdinalLogisticModel.Fit(x, y, 5, l2: 1);

        for (int k = 1; k < model.Cuts.Count; k++) Assert.True(model.Cuts[k] > model.Cuts[k - 1]);
        Span<double> p = stackalloc double[5];
        model.Predict([2.5], p);
        Assert.All(p.ToArray(), v => Assert.True(double.IsFinite(v) && v >= 0));
    }

    [Fact]
    public void Spearman_KnownSamples()
    {
        Assert.Equal(1.0, GradeMetrics.Spearman([1, 2, 3, 4], [10, 20, 30, 40]), 12);
        Assert.Equal(-1.0, GradeMetrics.Spearman([1, 2, 3, 4], [4, 3, 2, 1]), 12);
        // Ties take their average rank: ranks (1, 2.5, 2.5, 4) against (1, 2, 3, 4).
        Assert.Equal(0.9486832980505138, GradeMetrics.Spearman([1, 2, 2, 3], [1, 2, 3, 4]), 12);
        Assert.True(double.IsNaN(GradeMetrics.Spearman([1, 1, 1], [1, 2, 3])));
    }

    [Fact]
    public void Wilson_KnownInterval()
    {
        var (low, high) = GradeMetrics.Wilson(90, 100);
        Assert.Equal(0.8256, low, 3);
        Assert.Equal(0.9448, high, 3);
        Assert.True(double.IsNaN(GradeMetrics.Wilson(0, 0).Low));
    }

    [Fact]
    public void Calibration_PerfectAndOverconfidentPredictions()
    {
        // Ten rows predicting P(grade 0) = 0.3 of which three are grade 0: perfectly calibrated.
        var probabilities = new List<double>();
        var grades = new List<int>();
        for (int i = 0; i < 10; i++)
        {
            probabilities.AddRange([0.3, 0.7, 0, 0, 0]);
            grades.Add(i < 3 ? 0 : 1);
        }
        var good = GradeMetrics.Calibration(probabilities, grades, 0);
        Assert.Equal(0, good.Ece, 12);
        Assert.Equal(3, good.SeedPairs);
        var bin = Assert.Single(good.Bins);
        Assert.Equal(0.3, bin.Observed, 12);

        // Grade 1 predicted 0.7 but observed 0.7 too; predicting 0.9 for it would be off by 0.2.
        Assert.Equal(0, GradeMetrics.Calibration(probabilities, grades, 1).Ece, 12);
        var over = probabilities.Select((p, i) => i % 5 == 1 ? 0.9 : p).ToList();
        Assert.Equal(0.2, GradeMetrics.Calibration(over, grades, 1).Ece, 12);
    }
}
