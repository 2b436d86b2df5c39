using System.Globalization;

namespace LabelStudio.Web.Features.Labeling.Components;

/// <summary>Grapheme clusters (what a reader sees as one character) over UTF-16 offsets.</summary>
public static class Graphemes
{
    /// <summary>Widens [start, end) outwards to the nearest grapheme boundaries.</summary>
    public static (int Start, int End) Widen(string text, int start, int end)
    {
        var from = start;
        var to = end;
        var i = 0;
        while (i < text.Length)
        {
            var next = i + StringInfo.GetNextTextElementLength(text, i);
            if (i < start && start < next) from = i;
            if (i < end && end < next) to = next;
            if (next >= end) break;
            i = next;
        }

        return (from, to);
    }
}
