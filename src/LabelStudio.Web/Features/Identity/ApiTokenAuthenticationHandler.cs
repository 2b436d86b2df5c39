using System.Security.Claims;
using System.Text.Encodings.Web;
using LabelStudio.Data.ApiTokens;
using LabelStudio.Data.Common;
using LabelStudio.Data.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace LabelStudio.Web.Features.Identity;

/// <summary>
/// <c>Authorization: Token &lt;token&gt;</c> (Label Studio's header) with a personal API token. The principal is built
/// on every request from the owner's current role and lock, so the token never has rights the owner lost.
/// </summary>
internal sealed class ApiTokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, ApiTokenCache tokens, UserAccessCache users, ApiTokenUsageRecorder usage)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Token";
    private const string Prefix = SchemeName + " ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var token = await tokens.FindAsync(header[Prefix.Length..].Trim(), Context.RequestAborted);
        if (token is null) return AuthenticateResult.Fail("The API token is not valid or was revoked.");
        var user = await users.GetAsync(token.UserId, Context.RequestAborted);
        if (user is null || user.IsLocked) return AuthenticateResult.Fail("The API token's user is locked.");
        usage.Record(token, Context.Connection.RemoteIpAddress?.ToString(), Request.Headers.UserAgent);

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.UserId),
            new Claim(ClaimTypes.Name, user.Email),
            new Claim(ClaimTypes.Email, user.Email),
            new Claim(ClaimTypes.Role, user.Role),
            new Claim(Actor.ApiTokenClaim, token.TokenId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ], SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append(HeaderNames.WWWAuthenticate, SchemeName);
        return Task.CompletedTask;
    }
}
