using System.Security.Claims;
using LabelStudio.Data.Identity;

namespace LabelStudio.Data.Common;

/// <summary>Who is asking: the signed-in user, or the command line acting as an administrator.</summary>
public sealed record Actor(string? UserId, bool IsAdmin, bool IsLead)
{
    public static Actor System { get; } = new(null, IsAdmin: true, IsLead: true);

    public static Actor FromPrincipal(ClaimsPrincipal principal) => new(
        principal.FindFirstValue(ClaimTypes.NameIdentifier),
        principal.IsInRole(Roles.Admin),
        principal.IsInRole(Roles.Lead));

    public string RequireUserId() =>
        UserId ?? throw new AccessDeniedException("This action needs a signed-in user.");
}
