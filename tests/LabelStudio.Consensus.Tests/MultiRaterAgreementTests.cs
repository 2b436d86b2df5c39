namespace LabelStudio.Consensus.Tests;

public sealed class MultiRaterAgreementTests
{
    private static readonly int[][] WikipediaTable =
    [
        [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ];

    [Fact]
    public void FleissKappa_WikipediaTable_Is0210()
    {
        var result = MultiRaterAgreement.FleissKappa(CountTable.FromRows(WikipediaTable));

        Assert.Equal(0.209931, result.Value, 1e-6);
        Assert.Equal(0.378, result.ObservedAgreement, TestData.Tolerance);
        Assert.Equal(0.2128, result.ChanceAgreement, 1e-4);
        Assert.Equal(10, result.Items);
    }

    [Fact]
    public void FleissKappa_WikipediaCsv_MatchesTheTable()
    {
        var set = TestData.Load("fleiss_wikipedia.csv");

        Assert.Equal(0.209931, MultiRaterAgreement.FleissKappa(set.ByItem.Counts).Value, 1e-6);
    }

    [Fact]
    public void FleissKappa_Fleiss1971Diagnoses_Is0430()
    {
        var set = TestData.Load("fleiss1971.csv");

        Assert.Equal(30, set.ItemCount);
        Assert.Equal(0.4302445, MultiRaterAgreement.FleissKappa(set.ByItem.Counts).Value, 1e-6);
    }

    [Fact]
    public void FleissKappa_UnequalRatingsPerItem_MatchesIrrCac()
    {
        var set = TestData.Load("krippendorff2011.csv");

        Assert.Equal(0.76117, MultiRaterAgreement.FleissKappa(set.ByItem.Counts).Value, 1e-5);
    }

    [Fact]
    public void GwetAc1_Krippendorff2011_MatchesIrrCac()
    {
        var set = TestData.Load("krippendorff2011.csv");

        var result = MultiRaterAgreement.GwetAc1(set.ByItem.Counts);

        Assert.Equal(0.77544, result.Value, 1e-5);
        Assert.Equal(0.81818, result.ObservedAgreement, 1e-5);
        Assert.Equal(0.19032, result.ChanceAgreement, 1e-5);
    }

    [Fact]
    public void GwetAc1_Cont3x3Abstractors_MatchesIrrCacVignette()
    {
        var (a, b) = TestData.FromContingency(new[,] { { 13, 0, 0 }, { 0, 20, 7 }, { 0, 4, 56 } });
        var table = TestData.TwoRaters(a, b, 3).ByItem.Counts;

        Assert.Equal(0.8493305, MultiRaterAgreement.GwetAc1(table).Value, 1e-6);
        Assert.Equal(0.89, MultiRaterAgreement.PercentAgreement(table), 1e-12);
        Assert.Equal(0.835, MultiRaterAgreement.BrennanPrediger(table).Value, 1e-6);
        // With two raters and no missing data, Fleiss' kappa is Scott's pi.
        Assert.Equal(0.7962397, MultiRaterAgreement.FleissKappa(table).Value, 1e-6);
    }

    [Fact]
    public void BrennanPrediger_Wikipedia_IsRandolphKappa()
    {
        Assert.Equal(0.222527, MultiRaterAgreement.BrennanPrediger(CountTable.FromRows(WikipediaTable)).Value, 1e-6);
    }

    [Fact]
    public void BrennanPrediger_Krippendorff2011()
    {
        var set = TestData.Load("krippendorff2011.csv");

        Assert.Equal(0.77273, MultiRaterAgreement.BrennanPrediger(set.ByItem.Counts).Value, 1e-5);
    }

    [Fact]
    public void PercentAgreement_IgnoresItemsWithOneRating()
    {
        var table = CountTable.FromRows([new[] { 2, 0 }, new[] { 1, 1 }, new[] { 1, 0 }]);

        Assert.Equal(0.5, MultiRaterAgreement.PercentAgreement(table), 12);
    }

    [Fact]
    public void FleissKappa_OnlyOneCategoryUsed_IsNaN()
    {
        var table = CountTable.FromRows([new[] { 3, 0 }, new[] { 2, 0 }]);

        var result = MultiRaterAgreement.FleissKappa(table);

        Assert.True(double.IsNaN(result.Value));
        Assert.Equal(1, result.ObservedAgreement);
    }

    [Fact]
    public void FleissKappa_NoItemWithTwoRatings_IsNaN()
    {
        Assert.True(double.IsNaN(MultiRaterAgreement.FleissKappa(CountTable.FromRows([new[] { 1, 0 }, new[] { 0, 1 }])).Value));
    }
}
