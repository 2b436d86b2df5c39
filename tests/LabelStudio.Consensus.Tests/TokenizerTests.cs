using LabelStudio.Consensus;

namespace LabelStudio.Consensus.Tests;

public sealed class TokenizerTests
{
    private static string[] Words(string text) => Tokenizer.Words(text).Select(t => text[t.Start..t.End]).ToArray();

    [Fact]
    public void Words_PunctuationIsItsOwnToken()
    {
        Assert.Equal(["the", "United", "Kingdom", "."], Words("the United Kingdom."));
        Assert.Equal(["San", "Francisco", ",", "then", "Paris", "!"], Words("San Francisco, then Paris!"));
    }

    [Fact]
    public void Words_CombiningMarksSurrogatePairsAndEmoji_AreNeverCut()
    {
        Assert.Equal(["Zoe\u0308", "met", "\U0001F600", "x"], Words("Zoe\u0308 met \U0001F600 x"));
        Assert.Equal(["\U00020BB7", "野", "家"], Words("\U00020BB7野家"));
        Assert.Equal(["\U0001F469\u200D\U0001F4BB"], Words("\U0001F469\u200D\U0001F4BB"));
    }

    [Fact]
    public void Words_ApostrophesJoinWordsButQuotesStandAlone()
    {
        Assert.Equal(["O'Brien", "don't"], Words("O'Brien don't"));
        Assert.Equal(["'", "Paris", "'"], Words("'Paris'"));
    }

    [Fact]
    public void Words_RightToLeftText_SplitsOnSpacesInLogicalOrder()
    {
        Assert.Equal(["שלום", "עולם", "."], Words("שלום עולם."));
        Assert.Equal(["مرحبا", "بالعالم"], Words("مرحبا بالعالم"));
    }
}
