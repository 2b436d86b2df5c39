using System.Security.Claims;
using LabelStudio.Data.Common;
using LabelStudio.Data.Projects;

namespace LabelStudio.Web.Features.Projects;

public static class ProjectsApi
{
    public sealed record ProjectRequest(string Name, string? Description, string? Instructions, string LabelConfig,
        int? Overlap, int? LeaseMinutes, TaskOrder? Order, bool? AllowSkip, LabelStudio.Data.Consensus.ConflictSettings? Conflicts = null,
        LabelStudio.Data.Review.ReviewSettings? Review = null)
    {
        /// <summary>Without <c>conflicts</c> or <c>review</c>, an update keeps the project's settings (a new project gets the defaults).</summary>
        public ProjectDraft ToDraft() => new(Name ?? "", Description ?? "", Instructions ?? "", LabelConfig ?? "",
            new ProjectSettings(Overlap ?? 3, LeaseMinutes ?? 10, Order ?? TaskOrder.Sequential, AllowSkip ?? true, Conflicts, Review));
    }

    public sealed record MemberRequest(string UserId, ProjectRole Role);

    public static void MapProjectsApi(this RouteGroupBuilder api)
    {
        var projects = api.MapGroup("/projects").WithTags("Projects");
        projects.MapGet("/", (ProjectService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.ListAsync(Actor.FromPrincipal(u), ct));
        projects.MapGet("/{id:long}", (long id, ProjectService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.GetAsync(id, Actor.FromPrincipal(u), ct));
        projects.MapPost("/", async (ProjectRequest body, ProjectService s, ClaimsPrincipal u, CancellationToken ct) =>
        {
            var project = await s.CreateAsync(body.ToDraft(), Actor.FromPrincipal(u), ct);
            return TypedResults.Created($"/api/projects/{project.Id}", project);
        });
        projects.MapPut("/{id:long}", (long id, ProjectRequest body, ProjectService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.UpdateAsync(id, body.ToDraft(), Actor.FromPrincipal(u), ct));
        projects.MapPost("/validate", (ValidateRequest body) =>
        {
            var result = Core.LabelingConfig.LabelingConfigParser.Parse(body.LabelConfig ?? "");
            return TypedResults.Ok(new { valid = result.Succeeded, errors = result.Errors.Select(e => e.ToString()) });
        });
        projects.MapGet("/{id:long}/members", (long id, ProjectService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.ListMembersAsync(id, Actor.FromPrincipal(u), ct));
        projects.MapPut("/{id:long}/members", async (long id, MemberRequest body, ProjectService s, ClaimsPrincipal u, CancellationToken ct) =>
        {
            await s.SetMemberAsync(id, body.UserId, body.Role, Actor.FromPrincipal(u), ct);
            return TypedResults.NoContent();
        });
        projects.MapDelete("/{id:long}/members/{userId}", async (long id, string userId, ProjectService s, ClaimsPrincipal u, CancellationToken ct) =>
        {
            await s.RemoveMemberAsync(id, userId, Actor.FromPrincipal(u), ct);
            return TypedResults.NoContent();
        });
    }

    public sealed record ValidateRequest(string? LabelConfig);
}
