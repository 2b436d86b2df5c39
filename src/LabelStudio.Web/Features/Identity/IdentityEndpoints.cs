using LabelStudio.Data.Identity;
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
        endpoints.MapPost("/Account/Logout", async ([FromServices] SignInManager<AppUser> signInManager) =>
        {
            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect("~/Account/Login");
        });

        // Scripts and the CLI get a bearer token: Authorization: Bearer <accessToken>.
        endpoints.MapPost("/api/auth/token", async Task<Results<EmptyHttpResult, ProblemHttpResult>> (
            [FromBody] TokenRequest request, [FromServices] SignInManager<AppUser> signInManager) =>
        {
            signInManager.AuthenticationScheme = IdentityConstants.BearerScheme;
            var result = await signInManager.PasswordSignInAsync(request.Email, request.Password, false, lockoutOnFailure: true);
            if (!result.Succeeded)
            {
                return TypedResults.Problem(result.IsLockedOut ? "The account is locked." : "Wrong email or password.",
                    statusCode: StatusCodes.Status401Unauthorized);
            }
            return TypedResults.Empty;
        }).AllowAnonymous().DisableAntiforgery().WithTags("Auth");
        return endpoints;
    }
}
