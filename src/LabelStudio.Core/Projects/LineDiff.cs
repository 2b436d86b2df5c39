namespace LabelStudio.Core.Projects;

/// <summary>How a line of the new text relates to the old one.</summary>
public enum LineChange { Same, Added, Removed }

public readonly record struct DiffLine(LineChange Change, string Text);

/// <summary>
/// A line diff (longest common subsequence), for showing raters what changed in the instructions. Texts are short
/// (a few hundred lines), so the quadratic table is fine; longer inputs fall back to "all removed, all added".
/// </summary>
public static class LineDiff
{
    private const int MaxCells = 4_000_000;

    public static IReadOnlyList<DiffLine> Compute(string before, string after)
    {
        var a = Split(before);
        var b = Split(after);
        if ((long)(a.Length + 1) * (b.Length + 1) > MaxCells)
        {
            return [.. a.Select(l => new DiffLine(LineChange.Removed, l)), .. b.Select(l => new DiffLine(LineChange.Added, l))];
        }
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }
        var result = new List<DiffLine>(a.Length + b.Length);
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y])
            {
                result.Add(new DiffLine(LineChange.Same, a[x++]));
                y++;
            }
            else if (lcs[x + 1, y] >= lcs[x, y + 1])
            {
                result.Add(new DiffLine(LineChange.Removed, a[x++]));
            }
            else
            {
                result.Add(new DiffLine(LineChange.Added, b[y++]));
            }
        }
        while (x < a.Length) result.Add(new DiffLine(LineChange.Removed, a[x++]));
        while (y < b.Length) result.Add(new DiffLine(LineChange.Added, b[y++]));
        return result;
    }

    private static string[] Split(string text) =>
        string.IsNullOrEmpty(text) ? [] : text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
}
