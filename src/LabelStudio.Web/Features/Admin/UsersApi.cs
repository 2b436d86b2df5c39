using System.Security.Claims;
using System.Text.Json.Serialization;
using LabelStudio.Data.Admin;
using LabelStudio.Data.Common;

namespace LabelStudio.Web.Features.Admin;

public static class UsersApi
{
    // Bodies are strict: a property the endpoint does not know, or one it needs missing, is a 400, never a default
    // (an empty lock body must not unlock anyone, an unknown one must not reset a password).
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record RoleRequest([property: JsonRequired] string Role);

    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record PasswordRequest(string? Password);

    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record LockRequest([property: JsonRequired] bool Locked);

    public static void MapUsersApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");
        users.MapGet("/", (UserService s, ClaimsPrincipal u, CancellationToken ct) => s.ListAsync(Actor.FromPrincipal(u), ct))
            .WithSummary("Every user with role, lock state and project count (administrators)");
        users.MapPost("/", async (NewUser body, UserService s, ClaimsPrincipal u, CancellationToken ct) =>
        {
            var created = await s.CreateAsync(body, Actor.FromPrincipal(u), ct);
            return TypedResults.Created($"/api/users/{created.User.Id}", created);
        }).WithSummary("Create a user; a password is generated when none is given (administrators)").ProducesValidationProblem();
        users.MapPut("/{id}/role", async (string id, RoleRequest body, UserService s, ClaimsPrincipal u, CancellationToken ct) =>
        {
            await s.SetRoleAsync(id, body.Role, Actor.FromPrincipal(u), ct);
            return TypedResults.NoContent();
        }).WithSummary("Change a user's role; their sessions and bearer tokens end (administrators)").ProducesValidationProblem();
        users.MapPost("/{id}/password", async (string id, PasswordRequest body, UserService s, ClaimsPrincipal u, CancellationToken ct) =>
            TypedResults.Ok(new { password = await s.ResetPasswordAsync(id, body.Password, Actor.FromPrincipal(u), ct) }))
            .WithSummary("Reset a user's password (generated when none is given); their sessions end (administrators)").ProducesValidationProblem();
        users.MapPut("/{id}/lock", async (string id, LockRequest body, UserService s, ClaimsPrincipal u, CancellationToken ct) =>
        {
            await s.SetLockedAsync(id, body.Locked, Actor.FromPrincipal(u), ct);
            return TypedResults.NoContent();
        }).WithSummary("Lock or unlock a user; locking ends their sessions and revokes their API tokens (administrators)");
    }
}
