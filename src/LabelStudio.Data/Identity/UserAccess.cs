namespace LabelStudio.Data.Identity;

/// <summary>
/// What every authenticated request needs to know about its user, read fresh (see <see cref="UserAccessCache"/>):
/// the security stamp (changed by role changes, locks and password resets), the role and the administrator's lock.
/// </summary>
public sealed record UserAccess(string UserId, string Email, string DisplayName, string SecurityStamp, string Role, bool IsLocked);
