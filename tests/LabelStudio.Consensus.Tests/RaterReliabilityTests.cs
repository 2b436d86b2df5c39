namespace LabelStudio.Consensus.Tests;

public sealed class RaterReliabilityTests
{
    private static int? Spammers(int r, int truth, int classes, Random rng) => r switch
    {
        0 => rng.Next(classes), // uniform random
        1 => 2,                 // constant answer
        _ => null,
    };

    [Fact]
    public void Compute_FlagsRandomAndConstantSpammersOnly()
    {
        var (set, _, _) = Synthetic.Generate(items: 1500, raters: 12, classes: 4, perItem: 4, seed: 3, Spammers);
        var ds = DawidSkene.Fit(set.ByItem);

        var stats = RaterReliability.Compute(set.ByItem, ds.Model, PairwiseKappa.Compute(set.ByItem));

        Assert.Equal([0, 1], stats.Where(s => s.IsSpammer).Select(s => s.Rater).ToArray());
        Assert.True(stats[0].SpammerScore < 0.2, $"random spammer score {stats[0].SpammerScore}");
        Assert.True(stats[1].SpammerScore < 0.05, $"constant spammer score {stats[1].SpammerScore}");
        Assert.True(stats.Skip(2).All(s => s.SpammerScore > 0.4));
    }

    [Fact]
    public void Compute_WithoutModel_FlagsSpammersFromLeaveOneOutConfusion()
    {
        var (set, _, _) = Synthetic.Generate(items: 1500, raters: 12, classes: 4, perItem: 5, seed: 4, Spammers);

        var stats = RaterReliability.Compute(set.ByItem);

        Assert.Equal([0, 1], stats.Where(s => s.IsSpammer).Select(s => s.Rater).ToArray());
        Assert.True(stats.All(s => double.IsNaN(s.DawidSkeneAccuracy)));
    }

    [Fact]
    public void Compute_TooFewRatings_NeverFlagged()
    {
        var set = new RatingSet([0, 0, 1, 1], [0, 1, 0, 1], [0, 1, 0, 1], 2, 2, 2);

        var stats = RaterReliability.Compute(set.ByItem, rule: new SpammerRule { MinRatings = 3 });

        Assert.DoesNotContain(stats, s => s.IsSpammer);
    }

    [Fact]
    public void Compute_LeaveOneOutAgreementAndGold_HandChecked()
    {
        // Item 0: A=0, B=0, C=1. Item 1: A=1, B=1. Item 2: A=0, B=1. Gold: item 0 = 0, item 2 = 1.
        var set = new RatingSet([0, 0, 0, 1, 1, 2, 2], [0, 1, 2, 0, 1, 0, 1], [0, 0, 1, 1, 1, 0, 1], 3, 3, 2);

        var stats = RaterReliability.Compute(set.ByItem, gold: [0, -1, 1]);

        // A: item 0 others {B=0, C=1} tie -> 1/2; item 1 -> 1; item 2 -> 0.
        Assert.Equal(0.5, stats[0].LeaveOneOutAgreement, 12);
        Assert.Equal(0.5, stats[1].LeaveOneOutAgreement, 12);
        Assert.Equal(0.0, stats[2].LeaveOneOutAgreement, 12);
        Assert.Equal(0.5, stats[0].GoldAccuracy, 12);
        Assert.Equal(1.0, stats[1].GoldAccuracy, 12);
        Assert.Equal(0.0, stats[2].GoldAccuracy, 12);
        Assert.Equal(2, stats[0].GoldRatings);
        Assert.Equal(3, stats[0].Ratings);
    }

    [Fact]
    public void Compute_MeanPairwiseKappaIsOverlapWeighted()
    {
        var pairs = new[] { new RaterPairAgreement(0, 1, 3, 0.4, 0.6), new RaterPairAgreement(0, 2, 1, 0.0, 0), new RaterPairAgreement(1, 2, 5, double.NaN, 1) };
        var set = new RatingSet([0, 0, 0], [0, 1, 2], [0, 0, 1], 1, 3, 2);

        var stats = RaterReliability.Compute(set.ByItem, pairs: pairs);

        Assert.Equal(0.3, stats[0].MeanPairwiseKappa, 12);
        Assert.Equal(0.4, stats[1].MeanPairwiseKappa, 12);
        Assert.Equal(0.0, stats[2].MeanPairwiseKappa, 12);
    }

    [Theory]
    [InlineData(new[] { 1.0, 0, 0, 1 }, 1.0)]
    [InlineData(new[] { 0.5, 0.5, 0.5, 0.5 }, 0.0)]
    [InlineData(new[] { 0.0, 1, 0, 1 }, 0.0)]
    [InlineData(new[] { 0.8, 0.2, 0.2, 0.8 }, 0.6)]
    public void SpammerScore_TwoClasses(double[] confusion, double expected)
    {
        Assert.Equal(expected, RaterReliability.SpammerScore(confusion, [0.5, 0.5]), 12);
    }

    [Fact]
    public void SpammerScore_SymmetricRater_IsAccuracyMinusChanceShare()
    {
        const double a = 0.7;
        const double e = (1 - a) / 4;
        var m = new double[25];
        for (var t = 0; t < 5; t++)
        {
            for (var l = 0; l < 5; l++)
            {
                m[t * 5 + l] = t == l ? a : e;
            }
        }

        Assert.Equal(a - e, RaterReliability.SpammerScore(m, [0.2, 0.2, 0.2, 0.2, 0.2]), 12);
    }
}
