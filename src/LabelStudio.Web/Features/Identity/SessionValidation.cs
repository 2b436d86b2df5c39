using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace LabelStudio.Web.Features.Identity;

/// <summary>Hooks <see cref="SessionValidator"/> into the cookie and the bearer-token handlers.</summary>
internal static class SessionValidation
{
    /// <summary>Replaces Identity's 30-minute security-stamp check: every request is checked against the cached state.</summary>
    public static async Task ValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is null) return;
        var validator = context.HttpContext.RequestServices.GetRequiredService<SessionValidator>();
        var current = await validator.ValidateAsync(context.Principal, context.HttpContext.RequestAborted);
        if (current is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        if (!ReferenceEquals(current, context.Principal))
        {
            context.ReplacePrincipal(current);
            context.ShouldRenew = true;
        }
    }

    /// <summary>
    /// The bearer handler has no principal-validation event, so the token is read here (as the handler would) and the
    /// result decided here: a token whose user was locked or changed fails with 401.
    /// </summary>
    public static async Task ValidateBearerAsync(MessageReceivedContext context)
    {
        var token = context.Token;
        if (token is null)
        {
            string? header = context.Request.Headers.Authorization;
            if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return;
            token = header["Bearer ".Length..].Trim();
        }
        var ticket = context.Options.BearerTokenProtector.Unprotect(token);
        var now = (context.Options.TimeProvider ?? TimeProvider.System).GetUtcNow();
        if (ticket?.Properties.ExpiresUtc is not { } expires || now >= expires)
        {
            context.Fail("The bearer token is not valid or has expired.");
            return;
        }
        var validator = context.HttpContext.RequestServices.GetRequiredService<SessionValidator>();
        var current = await validator.ValidateAsync(ticket.Principal, context.HttpContext.RequestAborted);
        if (current is null)
        {
            context.Fail("The account changed since this token was issued; sign in again.");
            return;
        }
        context.Principal = current;
        context.Properties = ticket.Properties;
        context.Success();
    }
}
