using LabelStudio.Core.DataValidation;
using static LabelStudio.UnitTests.DataValidation.ValidationFixtures;

namespace LabelStudio.UnitTests.DataValidation;

public sealed class DriftComparisonTests
{
    [Fact]
    public void Compare_LargeBatchesShifted_FlagsDriftWithMovedValue()
    {
        // 2,000 tasks 50 % web against 2,000 at 62.5 % web: L∞ = 0.125 at "mail"/"web" (tie → "mail").
        // Band at "mail": p̂ = (1000 + 750)/4000 = 0.4375, 1.96·√(0.4375·0.5625·(2/2000)) = 0.0307 < 0.125 → drift.
        var report = DriftComparison.Compare(Sources(2000, 0.5), Sources(2000, 0.625));
        var source = report.Items.Single(i => i.Name == "source");
        Assert.Equal(DriftMeasure.LInfinity, source.Measure);
        Assert.Equal(0.125, source.Distance, 9);
        Assert.Equal("mail", source.MovedValue);
        Assert.Equal(0.5, source.BaselineShare);
        Assert.Equal(0.375, source.CurrentShare);
        Assert.Equal(0.0307, source.NoiseBand, 4);
        Assert.Equal(DriftVerdict.Drift, source.Verdict);
        Assert.Contains(source, report.Drifted);
    }

    [Fact]
    public void Compare_SmallBatchesSameShift_IsWithinNoise()
    {
        // The same 0.125 shift on 16 tasks a side: band = 1.96·√(0.4375·0.5625·(2/16)) = 0.3438 > 0.125.
        var source = DriftComparison.Compare(Sources(16, 0.5), Sources(16, 0.625)).Items.Single(i => i.Name == "source");
        Assert.Equal(0.125, source.Distance, 9);
        Assert.Equal(0.3438, source.NoiseBand, 4);
        Assert.Equal(DriftVerdict.WithinNoise, source.Verdict);
    }

    [Fact]
    public void Compare_BelowThreshold_IsOk()
    {
        var source = DriftComparison.Compare(Sources(2000, 0.5), Sources(2000, 0.55), new DriftThresholds(LInfinity: 0.1))
            .Items.Single(i => i.Name == "source");
        Assert.Equal(0.05, source.Distance, 9);
        Assert.Equal(DriftVerdict.Ok, source.Verdict);
    }

    [Fact]
    public void Compare_NumericFields_UseJensenShannon()
    {
        var low = Stats(Enumerable.Range(0, 1000).Select(i => Task($$"""{"text":"t","price":{{i % 100}}}""")));
        var high = Stats(Enumerable.Range(0, 1000).Select(i => Task($$"""{"text":"t","price":{{1000 + i % 100}}}""")));
        var same = Stats(Enumerable.Range(0, 1000).Select(i => Task($$"""{"text":"t","price":{{(i * 7) % 100}}}""")));

        var shifted = DriftComparison.Compare(low, high).Items.Single(i => i.Name == "price" && i.Subject == DriftSubject.Numbers);
        Assert.Equal(DriftMeasure.JensenShannon, shifted.Measure);
        Assert.Equal(1.0, shifted.Distance, 9);
        Assert.Equal(DriftVerdict.Drift, shifted.Verdict);

        var unchanged = DriftComparison.Compare(low, same).Items.Single(i => i.Name == "price" && i.Subject == DriftSubject.Numbers);
        Assert.True(unchanged.Distance < 0.01, $"JSD {unchanged.Distance}");
        Assert.Equal(DriftVerdict.Ok, unchanged.Verdict);
    }

    [Fact]
    public void Compare_Labels_PerControl()
    {
        var a = Stats(Enumerable.Range(0, 500).Select(i => Task("""{"text":"t"}""", annotations: [Choice(i % 2 == 0 ? "Positive" : "Negative")])));
        var b = Stats(Enumerable.Range(0, 500).Select(i => Task("""{"text":"t"}""", annotations: [Choice(i % 5 == 0 ? "Negative" : "Positive")])));
        var labels = DriftComparison.Compare(a, b).Items.Single(i => i.Subject == DriftSubject.Labels);
        // Negative 0.5 → 0.2, Positive 0.5 → 0.8: L∞ 0.3, first in ordinal order is "Negative".
        Assert.Equal("sentiment", labels.Name);
        Assert.Equal(0.3, labels.Distance, 9);
        Assert.Equal("Negative", labels.MovedValue);
        Assert.Equal(DriftVerdict.Drift, labels.Verdict);
    }
}
