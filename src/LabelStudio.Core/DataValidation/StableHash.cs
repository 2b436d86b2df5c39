namespace LabelStudio.Core.DataValidation;

/// <summary>
/// A 64-bit hash of text that is the same on every machine and run (FNV-1a over UTF-16 code units, then the SplitMix64
/// finaliser so the high bits are well mixed, which the distinct-count sketch relies on).
/// </summary>
public static class StableHash
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    /// <summary>The hash of <paramref name="text"/>.</summary>
    public static ulong Of(ReadOnlySpan<char> text)
    {
        var hash = Offset;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= Prime;
        }
        return Mix(hash);
    }

    /// <summary>The SplitMix64 finaliser.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
