using LabelStudio.Core.DataValidation;
using static LabelStudio.UnitTests.DataValidation.ValidationFixtures;

namespace LabelStudio.UnitTests.DataValidation;

public sealed class RaterSkewAnalysisTests
{
    [Fact]
    public void Compute_BiasedRater_IsFlaggedAgainstTheRest()
    {
        // ann, bob, cid and dan label 100 tasks each 50/50; eve labels 100 tasks 90 % Positive.
        // eve against the rest (400: 200 Positive, 200 Negative): Negative 0.5 → 0.1, L∞ = 0.4 at "Negative".
        // Band: p̂ = (200 + 10)/500 = 0.42, 1.96·√(0.42·0.58·(1/400 + 1/100)) = 1.96·0.05518 = 0.1082 < 0.4 → skewed.
        // A fair rater against the rest (3 fair + eve = 400, 60 % Positive): L∞ 0.1, under the threshold 0.15.
        var tasks = Enumerable.Range(0, 100).Select(i => Task("""{"text":"t"}""", annotations: [
            Choice(i % 2 == 0 ? "Positive" : "Negative", "ann"),
            Choice(i % 2 == 1 ? "Positive" : "Negative", "bob"),
            Choice(i % 2 == 0 ? "Positive" : "Negative", "cid"),
            Choice(i % 2 == 1 ? "Positive" : "Negative", "dan"),
            Choice(i % 10 == 0 ? "Negative" : "Positive", "eve"),
        ]));
        var skews = RaterSkewAnalysis.Compute(Stats(tasks), threshold: 0.15);

        var eve = skews[0];
        Assert.Equal("eve", eve.Rater);
        Assert.Equal(100, eve.Labels);
        Assert.Equal(0.4, eve.Drift.Distance, 9);
        Assert.Equal("Negative", eve.Drift.MovedValue);
        Assert.Equal(0.1082, eve.Drift.NoiseBand, 4);
        Assert.Equal(DriftVerdict.Drift, eve.Drift.Verdict);
        Assert.All(skews.Skip(1), s =>
        {
            Assert.Equal(0.1, s.Drift.Distance, 9);
            Assert.Equal(DriftVerdict.Ok, s.Drift.Verdict);
        });
    }

    [Fact]
    public void Compute_FewLabels_StaysWithinNoise()
    {
        // ann 2 Positive 2 Negative, eve 4 Positive: L∞ 0.5 at "Negative"; p̂ = 2/8, band 1.96·√(0.1875·0.5) = 0.60.
        var tasks = Enumerable.Range(0, 4).Select(i => Task("""{"text":"t"}""", annotations: [
            Choice(i % 2 == 0 ? "Positive" : "Negative", "ann"),
            Choice("Positive", "eve"),
        ]));
        var eve = RaterSkewAnalysis.Compute(Stats(tasks)).Single(s => s.Rater == "eve");
        Assert.Equal(0.5, eve.Drift.Distance, 9);
        Assert.Equal(DriftVerdict.WithinNoise, eve.Drift.Verdict);
    }

    [Fact]
    public void Compute_SingleRater_HasNothingToCompare() =>
        Assert.Empty(RaterSkewAnalysis.Compute(Stats([Task("""{"text":"t"}""", annotations: [Choice("Positive", "solo")])])));
}
