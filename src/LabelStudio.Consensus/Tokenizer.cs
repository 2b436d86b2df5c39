using System.Globalization;
using System.Text;

namespace LabelStudio.Consensus;

/// <summary>Splits a text into tokens for token-level agreement. Offsets are UTF-16 code units, as in Label Studio.</summary>
public static class Tokenizer
{
    /// <summary>Maximal runs of non-whitespace characters (char.IsWhiteSpace) as [start, end) ranges.</summary>
    public static TextRange[] Whitespace(ReadOnlySpan<char> text)
    {
        var tokens = new List<TextRange>();
        var start = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                if (start >= 0)
                {
                    tokens.Add(new TextRange(start, i));
                    start = -1;
                }
            }
            else if (start < 0)
            {
                start = i;
            }
        }
        if (start >= 0)
        {
            tokens.Add(new TextRange(start, text.Length));
        }
        return [.. tokens];
    }

    /// <summary>
    /// Words and marks: a maximal run of letters, digits, combining marks and connector punctuation (and an apostrophe
    /// between letters) is one token; every other visible grapheme (punctuation, symbols, emoji) and every CJK ideograph or kana is a token of its
    /// own; white space belongs to no token. "Paris." is therefore two tokens, and a surrogate pair or a letter with its
    /// combining accent is never cut.
    /// </summary>
    public static TextRange[] Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<TextRange>();
        var wordStart = -1;
        var i = 0;
        while (i < text.Length)
        {
            var length = StringInfo.GetNextTextElementLength(text, i);
            var kind = Classify(text, i);
            if (kind == GraphemeKind.Apostrophe)
            {
                // Inside a word ("O'Brien", "don't") it joins the word; as a quote mark it stands alone.
                var next = i + length;
                kind = wordStart >= 0 && next < text.Length && Classify(text, next) == GraphemeKind.Word ? GraphemeKind.Word : GraphemeKind.Single;
            }
            if (kind == GraphemeKind.Word)
            {
                if (wordStart < 0) wordStart = i;
            }
            else
            {
                if (wordStart >= 0)
                {
                    tokens.Add(new TextRange(wordStart, i));
                    wordStart = -1;
                }
                if (kind == GraphemeKind.Single) tokens.Add(new TextRange(i, i + length));
            }
            i += length;
        }
        if (wordStart >= 0) tokens.Add(new TextRange(wordStart, text.Length));
        return [.. tokens];
    }

    private enum GraphemeKind { Space, Word, Single, Apostrophe }

    private static GraphemeKind Classify(string text, int index)
    {
        if (!Rune.TryGetRuneAt(text, index, out var rune)) return GraphemeKind.Single; // a lone surrogate
        if (Rune.IsWhiteSpace(rune)) return GraphemeKind.Space;
        if (IsIdeographic(rune.Value)) return GraphemeKind.Single;
        if (rune.Value is '\'' or '\u2019') return GraphemeKind.Apostrophe;
        if (Rune.IsLetterOrDigit(rune)) return GraphemeKind.Word;
        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.EnclosingMark or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.LetterNumber
            ? GraphemeKind.Word
            : GraphemeKind.Single;
    }

    // Scripts written without spaces between words: each character is a token, as CJK tokenisers do at their simplest.
    private static bool IsIdeographic(int codePoint) => codePoint is >= 0x3040 and <= 0x30FF or >= 0x3400 and <= 0x4DBF
        or >= 0x4E00 and <= 0x9FFF or >= 0xF900 and <= 0xFAFF or >= 0x20000 and <= 0x3134F;
}
