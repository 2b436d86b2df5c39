namespace LabelStudio.Feedback.Tests;

public sealed class YandexAdapterTests
{
    private const string Sample =
        "1\t0\tQ\t100\t0\t11\t12\t13\n" +
        "1\t5\tC\t12\n" +
        "1\t60\tC\t13\n" +
        "1\t70\tQ\t200\t0\t21\t22\n" +
        "1\t80\tC\t21\n" +
        "2\t0\tQ\t100\t0\t13\t12\t11\n" +
        "2\t3\tC\t11\n" +
        "2\t4\tC\t11\n" +
        "2\tx\tC\t11\n" +
        "2\t9\tZ\t11\n" +
        "2\t10\tC\t99\n";

    [Fact]
    public void Yandex_ParsesQueriesClicksAndDwell()
    {
        var agg = TestLogs.IngestYandex(Sample);

        Assert.Equal(11, agg.Summary.Lines);
        Assert.Equal(3, agg.Summary.ImpressionsKept);
        Assert.Equal(3, agg.Summary.MalformedLines);
        Assert.Equal([9L, 10L, 11L], agg.Summary.MalformedExamples.Select(m => m.LineNumber));
        Assert.Equal(2, agg.Summary.Users);
        Assert.Equal(2, agg.Summary.Queries);

        // Session 1: click on 12 at t=5, next action t=60 -> dwell 55 (satisfied).
        var d12 = agg.GetPairCounts(agg.FindPair("100", "12"));
        Assert.Equal(2, d12.Impressions);
        Assert.Equal(1, d12.Clicks);
        Assert.Equal(1, d12.SatClicks);
        // Click on 13 at t=60, next action (a query) at t=70 -> dwell 10: not satisfied, though it is the impression's last click.
        var d13 = agg.GetPairCounts(agg.FindPair("100", "13"));
        Assert.Equal(1, d13.Clicks);
        Assert.Equal(0, d13.SatClicks);
        Assert.Equal(1, d13.SdbnLastClicks);
        // Last action of session 1: unknown dwell, last click -> satisfied by default.
        var d21 = agg.GetPairCounts(agg.FindPair("200", "21"));
        Assert.Equal(1, d21.SatClicks);
        Assert.Equal(1, agg.Summary.NullDwellClicks);
        // Session 2: two clicks on 11 collapse into one.
        Assert.Equal(1, agg.Summary.CollapsedClicks);
        var d11 = agg.GetPairCounts(agg.FindPair("100", "11"));
        Assert.Equal(1, d11.Clicks);
        Assert.Equal(2, d11.Impressions);
        Assert.Equal(1, d11.BestRank);
        Assert.Equal(2, d11.DistinctRanks);
    }

    [Fact]
    public void Yandex_ClickBeforeAnyQuery_IsMalformed()
    {
        var agg = TestLogs.IngestYandex("5\t0\tC\t1\n5\t1\tQ\t7\t0\t1\t2\n");
        Assert.Equal(1, agg.Summary.MalformedLines);
        Assert.Equal(1, agg.Summary.ImpressionsKept);
    }
}
