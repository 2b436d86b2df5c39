using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using LabelStudio.Data.Common;
using LabelStudio.Data.Projects;

namespace LabelStudio.Web.Features.Projects;

public static class ProjectsApi
{
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record ProjectRequest([property: JsonRequired] string Name, string? Description, string? Instructions,
        [property: JsonRequired] string LabelConfig,
        int? Overlap, int? LeaseMinutes, TaskOrder? Order, bool? AllowSkip, LabelStudio.Data.Consensus.ConflictSettings? Conflicts = null)
    {
        /// <summary>Without <c>conflicts</c>, an update keeps the project's conflict rule (a new project gets the default).</summary>
        public ProjectDraft ToDraft() => new(Name ?? "", Description ?? "", Instructions ?? "", LabelConfig ?? "",
            new ProjectSettings(Overlap ?? 3, LeaseMinutes ?? 10, Order ?? TaskOrder.Sequential, AllowSkip ?? true, Conflicts));
    }

    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record MemberRequest([property: JsonRequired] string UserId, [property: JsonRequired] ProjectRole Role);

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
        // As in Label Studio: 200 for a valid configuration, 400 with every problem (line and tag) otherwise.
        projects.MapPost("/validate", Results<Ok<ValidateResponse>, ValidationProblem> (ValidateRequest body) =>
        {
            var result = Core.LabelingConfig.LabelingConfigParser.Parse(body.LabelConfig ?? "");
            if (result.Succeeded) return TypedResults.Ok(new ValidateResponse(true, []));
            var errors = result.Errors.Select(e => e.ToString()).ToArray();
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["labelConfig"] = errors },
                detail: errors.Length == 1 ? errors[0] : $"The labeling configuration has {errors.Length} problems.",
                title: "The labeling configuration is not valid.");
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

    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record ValidateRequest([property: JsonRequired] string? LabelConfig);

    public sealed record ValidateResponse(bool Valid, IReadOnlyList<string> Errors);
}
