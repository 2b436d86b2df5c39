using System.Globalization;

namespace LabelStudio.Data.Quality;

/// <summary>
/// How a rater is named in agreement, consensus and the quality tables: a user's id, or <c>imported:{id}</c> for an
/// <see cref="Import.ImportedRater"/> (an author of imported annotations). The two can never collide: user ids have no colon.
/// </summary>
public static class RaterKeys
{
    public const string ImportedPrefix = "imported:";

    public static string Of(string? userId, long? importedRaterId) =>
        userId ?? ImportedPrefix + importedRaterId?.ToString(CultureInfo.InvariantCulture);

    public static string Imported(long importedRaterId) => ImportedPrefix + importedRaterId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The imported rater's id when <paramref name="key"/> names one.</summary>
    public static long? ImportedId(string? key) =>
        key is not null && key.StartsWith(ImportedPrefix, StringComparison.Ordinal)
        && long.TryParse(key.AsSpan(ImportedPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    public static bool IsImported(string? key) => ImportedId(key) is not null;
}
