using System.Security.Claims;
using LabelStudio.Data.ApiTokens;
using LabelStudio.Data.Common;
using LabelStudio.Data.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LabelStudio.Web.Features.Account;

/// <summary>The caller's own account and personal API tokens; administrators list and revoke anyone's tokens.</summary>
public static class AccountApi
{
    public sealed record CurrentUser(string Id, string Email, string DisplayName, string Role, bool ViaApiToken);

    [System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
    public sealed record CreateTokenRequest(string Name);

    public static void MapAccountApi(this RouteGroupBuilder api)
    {
        var me = api.MapGroup("/me").WithTags("Account");
        me.MapGet("/", async Task<Results<Ok<CurrentUser>, UnauthorizedHttpResult>> (ClaimsPrincipal u, UserAccessCache users, CancellationToken ct) =>
        {
            var actor = Actor.FromPrincipal(u);
            var user = await users.GetAsync(actor.RequireUserId(), ct);
            return user is null
                ? TypedResults.Unauthorized()
                : TypedResults.Ok(new CurrentUser(user.UserId, user.Email, user.DisplayName, user.Role, actor.ViaApiToken));
        }).WithSummary("Who the caller is, with their current role");

        me.MapGet("/tokens", (ApiTokenService s, ClaimsPrincipal u, CancellationToken ct) => s.ListMineAsync(Actor.FromPrincipal(u), ct))
            .WithSummary("The caller's personal API tokens (never their secrets)");

        me.MapPost("/tokens", async Task<Created<CreatedApiToken>> (CreateTokenRequest body, ApiTokenService s, ClaimsPrincipal u,
            CancellationToken ct) =>
        {
            var created = await s.CreateAsync(body.Name, Actor.FromPrincipal(u), ct);
            return TypedResults.Created($"/api/me/tokens/{created.View.Id}", created);
        }).WithSummary("Create a personal API token; the token is in this response only")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);

        me.MapDelete("/tokens/{tokenId:long}", (long tokenId, ApiTokenService s, ClaimsPrincipal u, CancellationToken ct) =>
                s.RevokeAsync(tokenId, Actor.FromPrincipal(u), ownOnly: true, ct))
            .WithSummary("Revoke one of the caller's tokens").ProducesProblem(StatusCodes.Status404NotFound);

        var tokens = api.MapGroup("/tokens").WithTags("Account");
        tokens.MapGet("/", (string? userId, bool? includeRevoked, ApiTokenService s, ClaimsPrincipal u, CancellationToken ct) =>
                s.ListAsync(userId, includeRevoked ?? false, Actor.FromPrincipal(u), ct))
            .WithSummary("Administrators: every user's tokens (or one user's with ?userId=)").ProducesProblem(StatusCodes.Status403Forbidden);

        tokens.MapDelete("/{tokenId:long}", (long tokenId, ApiTokenService s, ClaimsPrincipal u, CancellationToken ct) =>
                s.RevokeAsync(tokenId, Actor.FromPrincipal(u), ownOnly: false, ct))
            .WithSummary("Administrators: revoke any token").ProducesProblem(StatusCodes.Status404NotFound);
    }
}
