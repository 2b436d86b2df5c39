namespace LabelStudio.Data.Identity;

/// <summary>
/// An administrator's lock is a lockout that never ends. A temporary lockout after failed sign-ins stops new sign-ins
/// but does not end open sessions, so guessing someone's password cannot sign them out.
/// </summary>
public static class AdminLock
{
    public static readonly DateTimeOffset Until = DateTimeOffset.MaxValue;

    public static bool IsLocked(DateTimeOffset? lockoutEnd) => lockoutEnd is { } end && end.UtcDateTime.Year >= 9999;
}
