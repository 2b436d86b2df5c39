using System.Security.Claims;
using LabelStudio.Data.Identity;

namespace LabelStudio.Data.Common;

/// <summary>Who is asking: the signed-in user, or the command line acting as an administrator.</summary>
/// <param name="ViaApiToken">The request came with a personal API token (which may not mint new tokens).</param>
public sealed record Actor(string? UserId, bool IsAdmin, bool IsLead, bool ViaApiToken = false)
{
    /// <summary>The claim a personal-token principal carries (its value is the token id).</summary>
    public const string ApiTokenClaim = "labelstudio:token_id";

    public static Actor System { get; } = new(null, IsAdmin: true, IsLead: true);

    public static Actor FromPrincipal(ClaimsPrincipal principal) => new(
        principal.FindFirstValue(ClaimTypes.NameIdentifier),
        principal.IsInRole(Roles.Admin),
        principal.IsInRole(Roles.Lead),
        principal.HasClaim(c => c.Type == ApiTokenClaim));

    public string RequireUserId() =>
        UserId ?? throw new AccessDeniedException("This action needs a signed-in user.");
}
