using System.Security.Claims;
using LabelStudio.Data.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LabelStudio.Web.Features.Identity;

/// <summary>
/// Checks a cookie or bearer-token principal against the user's current state on every request: a changed security
/// stamp (role change, lock, password reset) or an administrator's lock ends it; a role changed by other means is
/// replaced by the current one. Reads go through <see cref="UserAccessCache"/>, not the database.
/// </summary>
internal sealed class SessionValidator(UserAccessCache access, IOptions<IdentityOptions> identityOptions)
{
    /// <summary>The principal to use (the same one, or one with the current role), or null when the session has ended.</summary>
    public async Task<ClaimsPrincipal?> ValidateAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        var claimTypes = identityOptions.Value.ClaimsIdentity;
        var userId = principal.FindFirstValue(claimTypes.UserIdClaimType);
        if (userId is null) return null;
        var user = await access.GetAsync(userId, ct);
        if (user is null || user.IsLocked) return null;
        if (principal.FindFirstValue(claimTypes.SecurityStampClaimType) != user.SecurityStamp) return null;
        return HasOnlyRole(principal, claimTypes.RoleClaimType, user.Role) ? principal : WithRole(principal, claimTypes.RoleClaimType, user.Role);
    }

    private static bool HasOnlyRole(ClaimsPrincipal principal, string roleClaimType, string role)
    {
        var found = false;
        foreach (var claim in principal.FindAll(roleClaimType))
        {
            if (claim.Value != role) return false;
            found = true;
        }
        return found;
    }

    private static ClaimsPrincipal WithRole(ClaimsPrincipal principal, string roleClaimType, string role)
    {
        var identities = principal.Identities.Select(i =>
        {
            var copy = i.Clone();
            foreach (var claim in copy.FindAll(roleClaimType).ToList()) copy.RemoveClaim(claim);
            return copy;
        }).ToList();
        identities[0].AddClaim(new Claim(roleClaimType, role));
        return new ClaimsPrincipal(identities);
    }
}
