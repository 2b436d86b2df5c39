namespace LabelStudio.Consensus.Tests;

public sealed class MultiChoiceAgreementTests
{
    private const ulong A = 1, B = 2, C = 4;

    [Theory]
    [InlineData(A | B, A | B, SetDistance.Masi, 0.0)]
    [InlineData(A, A | B, SetDistance.Masi, 1 - 0.5 * 2 / 3.0)]
    [InlineData(A | B, B | C, SetDistance.Masi, 1 - 1 / 3.0 / 3.0)]
    [InlineData(A, B, SetDistance.Masi, 1.0)]
    [InlineData(A | B, B | C, SetDistance.Jaccard, 2 / 3.0)]
    [InlineData(A, A | B, SetDistance.Jaccard, 0.5)]
    [InlineData(0UL, 0UL, SetDistance.Masi, 0.0)]
    [InlineData(0UL, A, SetDistance.Masi, 1.0)]
    public void Distance_HandComputed(ulong x, ulong y, SetDistance distance, double expected)
    {
        Assert.Equal(expected, MultiChoiceAgreement.Distance(x, y, distance), 12);
        Assert.Equal(expected, MultiChoiceAgreement.Distance(y, x, distance), 12);
    }

    [Fact]
    public void Compute_HandComputedMasiAlphaAndPerChoice()
    {
        // Item 0: {a},{a}; item 1: {a},{a,b}; item 2: {b},{b}.
        var result = MultiChoiceAgreement.Compute([0, 0, 1, 1, 2, 2], [A, A, A, A | B, B, B], 3, 2);

        // n = 6, marginals {a}:3 {a,b}:1 {b}:2; observed 2·(2/3) = 4/3; expected 2(3·1·2/3 + 3·2·1 + 1·2·2/3) = 56/3.
        Assert.Equal(1 - 5 * (4.0 / 3) / (56.0 / 3), result.Alpha.Alpha, 12);
        Assert.Equal(1.0, result.PerChoice[0].Alpha, 12);
        Assert.Equal(1 - 5 * 2 / 18.0, result.PerChoice[1].Alpha, 12);
        Assert.Equal(2 / 3.0, result.PerChoice[1].PercentAgreement, 12);
        Assert.Equal(4, result.PerChoice[0].Selected);
        Assert.Equal([A, A, B], result.Consensus);
    }

    [Fact]
    public void Compute_JaccardIsNoLargerThanMasiDisagreement()
    {
        var items = new[] { 0, 0, 1, 1, 2, 2, 3, 3 };
        var sets = new[] { A, A | B, B, B | C, A | C, C, A, A };

        var masi = MultiChoiceAgreement.Compute(items, sets, 4, 3, SetDistance.Masi).Alpha.Alpha;
        var jaccard = MultiChoiceAgreement.Compute(items, sets, 4, 3, SetDistance.Jaccard).Alpha.Alpha;

        Assert.False(double.IsNaN(masi));
        Assert.NotEqual(masi, jaccard);
    }
}

public sealed class NumericRatingAgreementTests
{
    private static (int[] Items, double[] Values) Krippendorff()
    {
        var set = TestData.Load("krippendorff2011.csv");
        var values = CategoryOrdering.TryParseAll(set.CategoryIds)!;
        return (set.Items.ToArray(), set.Labels.ToArray().Select(l => values[l]).ToArray());
    }

    [Theory]
    [InlineData(MeasurementLevel.Interval, 0.849107)]
    [InlineData(MeasurementLevel.Ordinal, 0.815388)]
    [InlineData(MeasurementLevel.Ratio, 0.797403)]
    public void Compute_Krippendorff2011(MeasurementLevel level, double expected)
    {
        var (items, values) = Krippendorff();

        Assert.Equal(expected, NumericRatingAgreement.Compute(items, values, 12, level).Alpha.Alpha, 1e-6);
    }

    [Fact]
    public void Compute_ConsensusIsTheMedian()
    {
        var result = NumericRatingAgreement.Compute([0, 0, 0, 0, 1, 1, 1], [1, 2, 3, 4, 5, 1, 2], 3, MeasurementLevel.Interval);

        Assert.Equal(2.5, result.Consensus[0]);
        Assert.Equal(2, result.Consensus[1]);
        Assert.True(double.IsNaN(result.Consensus[2]));
        Assert.Equal([1.0, 2, 3, 4, 5], result.Values);
    }

    [Fact]
    public void Compute_OrdinalMedianIsALowerRatedValue()
    {
        var result = NumericRatingAgreement.Compute([0, 0, 0, 0], [1, 2, 3, 4], 1, MeasurementLevel.Ordinal);

        Assert.Equal(2, result.Consensus[0]);
    }

    [Fact]
    public void Median_Empty_IsNaN() => Assert.True(double.IsNaN(NumericRatingAgreement.Median([])));
}

public sealed class TextAgreementTests
{
    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("abc", "", 3)]
    [InlineData("flaw", "lawn", 2)]
    [InlineData("same", "same", 0)]
    [InlineData("", "", 0)]
    public void Levenshtein_KnownDistances(string a, string b, int expected)
    {
        Assert.Equal(expected, TextAgreement.Levenshtein(a, b));
    }

    [Fact]
    public void Levenshtein_LongStrings_UseTheHeapRow()
    {
        var a = new string('a', 1000);
        var b = new string('a', 990) + new string('b', 20);

        Assert.Equal(20, TextAgreement.Levenshtein(a, b));
    }

    [Theory]
    [InlineData("kitten", "sitting", 1 - 3 / 7.0)]
    [InlineData("", "", 1.0)]
    [InlineData("abc", "xyz", 0.0)]
    [InlineData("Cat", "cat", 2 / 3.0)]
    public void Similarity_IsNormalisedByTheLongerString(string a, string b, double expected)
    {
        Assert.Equal(expected, TextAgreement.Similarity(a, b), 12);
    }

    [Fact]
    public void Analyze_PicksTheMedoid()
    {
        var result = TextAgreement.Analyze(["abd", "abc", "abc"]);

        Assert.Equal(1, result.MedoidIndex);
        Assert.Equal("abc", result.Medoid);
        Assert.Equal((2 / 3.0 + 2 / 3.0 + 1) / 3, result.MeanPairwiseSimilarity, 12);
    }

    [Fact]
    public void Analyze_SingleAndNoAnswer()
    {
        Assert.Equal(0, TextAgreement.Analyze(["only"]).MedoidIndex);
        Assert.True(double.IsNaN(TextAgreement.Analyze(["only"]).MeanPairwiseSimilarity));
        Assert.Equal(-1, TextAgreement.Analyze([]).MedoidIndex);
    }
}

public sealed class SpanAgreementTests
{
    private const string Text = "John Smith lives in New York";
    private const int Per = 0, Loc = 1;

    private static SpanDocument Document() => SpanDocument.FromText(Text,
    [
        new RaterSpans(0, [new LabeledSpan(0, 10, Per), new LabeledSpan(20, 28, Loc)]),
        new RaterSpans(1, [new LabeledSpan(0, 4, Per), new LabeledSpan(20, 28, Loc)]),
        new RaterSpans(2, [new LabeledSpan(0, 10, Per)]),
    ]);

    [Fact]
    public void Tokenizer_SplitsOnWhitespace()
    {
        Assert.Equal([new TextRange(0, 4), new TextRange(5, 10), new TextRange(11, 16), new TextRange(17, 19), new TextRange(20, 23), new TextRange(24, 28)],
            Tokenizer.Whitespace(Text));
        Assert.Equal([new TextRange(2, 4)], Tokenizer.Whitespace("  ab \n"));
        Assert.Empty(Tokenizer.Whitespace("   "));
    }

    [Theory]
    [InlineData(SpanMatch.Exact, 0, 1, 0.5)]
    [InlineData(SpanMatch.Exact, 0, 2, 2 / 3.0)]
    [InlineData(SpanMatch.Exact, 1, 2, 0.0)]
    [InlineData(SpanMatch.Overlap, 0, 1, 1.0)]
    [InlineData(SpanMatch.Overlap, 1, 2, 2 / 3.0)]
    public void F1_HandComputed(SpanMatch match, int a, int b, double expected)
    {
        var doc = Document();

        Assert.Equal(expected, SpanAgreement.F1(doc.Annotations[a].Spans, doc.Annotations[b].Spans, match), 12);
    }

    [Fact]
    public void F1_DifferentLabelsNeverMatchAndEmptyPairIsOne()
    {
        Assert.Equal(0, SpanAgreement.F1([new LabeledSpan(0, 4, 0)], [new LabeledSpan(0, 4, 1)], SpanMatch.Overlap));
        Assert.Equal(1, SpanAgreement.F1([], [], SpanMatch.Exact));
        Assert.Equal(0, SpanAgreement.F1([new LabeledSpan(0, 4, 0)], [], SpanMatch.Exact));
    }

    [Fact]
    public void F1_OverlapMatchingIsOneToOne()
    {
        // One long span overlapping two short ones matches only one of them.
        Assert.Equal(2.0 / 3, SpanAgreement.F1([new LabeledSpan(0, 20, 0)], [new LabeledSpan(0, 5, 0), new LabeledSpan(10, 15, 0)], SpanMatch.Overlap), 12);
    }

    [Fact]
    public void TokenLabels_OutsideIsZero()
    {
        var doc = Document();

        Assert.Equal([1, 1, 0, 0, 2, 2], SpanAgreement.TokenLabels(doc.Tokens, doc.Annotations[0].Spans));
        Assert.Equal([1, 0, 0, 0, 2, 2], SpanAgreement.TokenLabels(doc.Tokens, doc.Annotations[1].Spans));
    }

    [Fact]
    public void Compute_HandComputedF1TokenAlphaAndConsensus()
    {
        var result = SpanAgreement.Compute([Document()], 2);

        Assert.Equal((0.5 + 2 / 3.0 + 0) / 3, result.ExactF1, 12);
        Assert.Equal((1 + 2 / 3.0 + 2 / 3.0) / 3, result.OverlapF1, 12);
        // Token counts (O, PER, LOC): n = 18, marginals 9, 5, 4; observed 6; expected 324 - 122 = 202.
        Assert.Equal(1 - 17 * 6 / 202.0, result.TokenAlpha.Alpha, 12);
        Assert.Equal([new LabeledSpan(0, 10, Per), new LabeledSpan(20, 28, Loc)], result.Consensus[0]);
    }
}
