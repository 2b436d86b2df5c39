namespace LabelStudio.Web.Features.Identity;

/// <summary>Where a sign-in may send the browser back to: a path on this site, never another host.</summary>
internal static class LocalUrl
{
    /// <summary>
    /// True for "/" and "/path…" only. Rejects "//host", "/\host" (browsers read both as another host), absolute
    /// URLs, "~/…" and anything with control characters (a tab or newline inside "/\t/host" is dropped by browsers).
    /// </summary>
    public static bool IsLocal(string? url)
    {
        if (string.IsNullOrEmpty(url) || url[0] != '/') return false;
        if (url.Length > 1 && url[1] is '/' or '\\') return false;
        foreach (var c in url)
        {
            if (char.IsControl(c)) return false;
        }
        return true;
    }

    public static string OrRoot(string? url) => IsLocal(url) ? url! : "/";
}
