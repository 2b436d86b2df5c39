namespace LabelStudio.Consensus.Tests;

public sealed class ItemStatisticsTests
{
    [Fact]
    public void Summarize_ClearMajority()
    {
        var s = ItemStatistics.Summarize([1, 3, 0]);

        Assert.Equal(1, s.MajorityLabel);
        Assert.Equal(0.75, s.MajorityShare, 12);
        Assert.False(s.Tie);
        Assert.Equal(6.0 / 12, s.PairwiseAgreement, 12);
        var h = -(0.25 * Math.Log(0.25) + 0.75 * Math.Log(0.75)) / Math.Log(3);
        Assert.Equal(h, s.NormalizedEntropy, 12);
        Assert.Equal(4, s.Ratings);
    }

    [Fact]
    public void Summarize_Tie_GoesToLowestIndexAndIsFlagged()
    {
        var s = ItemStatistics.Summarize([0, 2, 1, 2]);

        Assert.Equal(1, s.MajorityLabel);
        Assert.True(s.Tie);
        Assert.Equal(0.4, s.MajorityShare, 12);
    }

    [Fact]
    public void Summarize_Unanimous_HasZeroEntropyAndFullAgreement()
    {
        var s = ItemStatistics.Summarize([0, 0, 5]);

        Assert.Equal(2, s.MajorityLabel);
        Assert.Equal(1, s.MajorityShare);
        Assert.Equal(1, s.PairwiseAgreement);
        Assert.Equal(0, s.NormalizedEntropy);
    }

    [Fact]
    public void Summarize_UniformOverAllClasses_HasEntropyOne()
    {
        Assert.Equal(1.0, ItemStatistics.Summarize([2, 2, 2, 2]).NormalizedEntropy, 12);
    }

    [Fact]
    public void Summarize_SingleRating_HasUndefinedPairwiseAgreement()
    {
        var s = ItemStatistics.Summarize([0, 1]);

        Assert.True(double.IsNaN(s.PairwiseAgreement));
        Assert.Equal(1, s.MajorityShare);
    }

    [Fact]
    public void Summarize_NoRatings()
    {
        var s = ItemStatistics.Summarize([0, 0]);

        Assert.Equal(-1, s.MajorityLabel);
        Assert.Equal(0, s.Ratings);
    }

    [Fact]
    public void MajorityVote_Ds1979_DiffersFromPublishedDsOnlyWhereExpected()
    {
        var set = TestData.Load("ds1979.csv");

        var mv = ItemStatistics.MajorityVote(set.ByItem.Counts);

        // Patients 2, 12 and 36 (1-based): majority vote (ties to the lowest label) gives 3, 2, 3.
        Assert.Equal("3", set.CategoryIds[mv[set.ItemIds.ToList().IndexOf("2")]]);
        Assert.Equal("2", set.CategoryIds[mv[set.ItemIds.ToList().IndexOf("12")]]);
        Assert.Equal("3", set.CategoryIds[mv[set.ItemIds.ToList().IndexOf("36")]]);
    }

    [Fact]
    public void Compute_FillsEveryArray()
    {
        var result = ItemStatistics.Compute(CountTable.FromRows([new[] { 2, 0 }, new[] { 1, 1 }]));

        Assert.Equal([0, 0], result.MajorityLabel);
        Assert.Equal([false, true], result.Tie);
        Assert.Equal([1.0, 0.0], result.PairwiseAgreement);
        Assert.Equal([2, 2], result.Ratings);
    }
}
