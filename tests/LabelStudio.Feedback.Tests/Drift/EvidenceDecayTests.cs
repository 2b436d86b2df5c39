using LabelStudio.Feedback.Ingest;

namespace LabelStudio.Feedback.Tests.Drift;

public sealed class EvidenceDecayTests
{
    private static StoredPairEvidence Evidence() => new(Impressions: 40, Clicks: 12, SatClicks: 8, SdbnExamined: 30, SdbnLastClicks: 9,
        DistinctClickers: 10, ClickerClicks: 12, TopClicker: "u1", TopClickerClicks: 3,
        Cells: [new StoredCell(1, 30, 10, 7), new StoredCell(4, 10, 2, 1)]);

    [Theory]
    [InlineData(0, 7, 1)]
    [InlineData(7, 7, 0.5)]
    [InlineData(14, 7, 0.25)]
    [InlineData(30, 0, 1)]
    [InlineData(-3, 7, 1)]
    public void Weight_HalvesEveryHalfLife(double age, double halfLife, double expected) =>
        Assert.Equal(expected, EvidenceDecay.Weight(age, halfLife), 12);

    [Fact]
    public void Apply_FullWeight_ReturnsTheSameEvidence()
    {
        var e = Evidence();
        Assert.Same(e, EvidenceDecay.Apply(e, 1));
    }

    [Fact]
    public void Apply_HalfWeight_HalvesTheCountsAndKeepsThemConsistent()
    {
        var e = EvidenceDecay.Apply(Evidence(), 0.5)!;

        Assert.Equal([new StoredCell(1, 15, 5, 4), new StoredCell(4, 5, 1, 1)], e.Cells);
        Assert.Equal(20, e.Impressions);
        Assert.Equal(6, e.Clicks);
        Assert.Equal(5, e.SatClicks);
        Assert.Equal(15, e.SdbnExamined);
        Assert.Equal(5, e.SdbnLastClicks);
        Assert.Equal(6, e.ClickerClicks);
        Assert.Equal(6, e.DistinctClickers);
        Assert.Equal(2, e.TopClickerClicks);
        Assert.Equal("u1", e.TopClicker);
    }

    [Fact]
    public void Apply_TinyWeight_LeavesNothing() => Assert.Null(EvidenceDecay.Apply(Evidence(), 0.01));
}
