using LabelStudio.Data.Audit;
using LabelStudio.Data.Common;
using LabelStudio.Data.Identity;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace LabelStudio.Web.Features.Identity;

public static class IdentityEndpoints
{
    [System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
    public sealed record TokenRequest([property: System.Text.Json.Serialization.JsonRequired] string Email,
        [property: System.Text.Json.Serialization.JsonRequired] string Password);

    public static IEndpointRouteBuilder MapIdentityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/Account/Logout", async (HttpContext context, [FromServices] SignInManager<AppUser> signInManager,
            [FromServices] AuditLog audit) =>
        {
            if (context.User.Identity?.IsAuthenticated == true)
            {
                var actor = Actor.FromPrincipal(context.User);
                await audit.RecordAsync(AuditActions.SignOut, actor, actor.UserId is { } id ? AuditTarget.User(id) : null);
            }
            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect("~/Account/Login");
        }).ExcludeFromDescription();

        // Scripts and the CLI get a bearer token: Authorization: Bearer <accessToken>.
        endpoints.MapPost("/api/auth/token", async Task<Results<EmptyHttpResult, ProblemHttpResult>> (
            [FromBody] TokenRequest request, [FromServices] SignInService signIn) =>
        {
            var outcome = await signIn.PasswordSignInAsync(request.Email ?? "", request.Password ?? "", false,
                IdentityConstants.BearerScheme, "POST /api/auth/token");
            return outcome switch
            {
                // The bearer handler has already written the token response.
                SignInOutcome.Succeeded => TypedResults.Empty,
                SignInOutcome.LockedOut => TypedResults.Problem("The account is locked.", statusCode: StatusCodes.Status401Unauthorized),
                _ => TypedResults.Problem(SignInService.FailedMessage, statusCode: StatusCodes.Status401Unauthorized),
            };
        })
            .AllowAnonymous().DisableAntiforgery().RequireRateLimiting(SignInRateLimit.PolicyName)
            .WithTags("Auth").WithSummary("Sign in with email and password for a bearer token (8 hours)")
            .Produces<AccessTokenResponse>().ProducesProblem(StatusCodes.Status429TooManyRequests);
        return endpoints;
    }
}
