using System.Globalization;

namespace LabelStudio.Web.Features.Projects;

/// <summary>Formatting shared by the admin screens: sizes, counts, dates and initials.</summary>
internal static class Display
{
    private static readonly string[] Units = ["B", "KB", "MB", "GB", "TB"];

    public static string Bytes(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : value.ToString(value < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " " + Units[unit];
    }

    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static string Percent(double fraction) =>
        (fraction * 100).ToString(fraction is > 0 and < 0.1 ? "0.0" : "0", CultureInfo.InvariantCulture) + " %";

    public static string Date(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Ago(DateTime utc, DateTime? now = null)
    {
        var span = (now ?? DateTime.UtcNow) - utc;
        return span.TotalSeconds switch
        {
            < 60 => "just now",
            < 3600 => $"{(int)span.TotalMinutes} min ago",
            < 86400 => $"{(int)span.TotalHours} h ago",
            < 86400 * 30 => $"{(int)span.TotalDays} d ago",
            _ => utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
    }

    public static string Initials(string name)
    {
        var parts = name.Split([' ', '.', '@', '_', '-'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length switch
        {
            0 => "?",
            1 => parts[0][..1].ToUpperInvariant(),
            _ => string.Concat(parts[0][..1], parts[1][..1]).ToUpperInvariant(),
        };
    }

    public static string ShortHash(string sha256) => string.IsNullOrEmpty(sha256) ? "—" : sha256.Length <= 12 ? sha256 : sha256[..12] + "…";
}
