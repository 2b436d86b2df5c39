using System.Security.Claims;
using System.Text.Json;
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
        int? Overlap, int? LeaseMinutes, TaskOrder? Order, bool? AllowSkip, LabelStudio.Quality.ConflictSettings? Conflicts = null,
        LabelStudio.Data.Review.ReviewSettings? Review = null)
    {
        /// <summary>Without <c>conflicts</c> or <c>review</c>, an update keeps the project's settings (a new project gets the defaults).</summary>
        public ProjectDraft ToDraft() => new(Name ?? "", Description ?? "", Instructions ?? "", LabelConfig ?? "",
            new ProjectSettings(Overlap ?? 3, LeaseMinutes ?? 10, Order ?? TaskOrder.Sequential, AllowSkip ?? true, Conflicts, Review));
    }

    /// <summary><c>role</c> is a name ("Rater", "Lead", any case) or its number (0, 1).</summary>
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record MemberRequest(string? UserId, JsonElement Role)
    {
        public ProjectRole ParseRole()
        {
            if (Role.ValueKind == JsonValueKind.Number && Role.TryGetInt32(out var number) && Enum.IsDefined((ProjectRole)number))
                return (ProjectRole)number;
            if (Role.ValueKind == JsonValueKind.String && Enum.TryParse<ProjectRole>(Role.GetString(), ignoreCase: true, out var named)
                && Enum.IsDefined(named) && !int.TryParse(Role.GetString(), out _))
                return named;
            var shown = Role.ValueKind == JsonValueKind.Undefined ? "nothing" : Role.GetRawText();
            throw new DomainValidationException(new Dictionary<string, string[]>
            {
                ["role"] = [$"role is {shown}; use \"Rater\" or \"Lead\" (or 0 or 1)."],
            });
        }
    }

    public static void MapProjectsApi(this RouteGroupBuilder api)
    {
        var projects = api.MapGroup("/projects").WithTags("Projects");
        projects.MapGet("/", (ProjectService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.ListAsync(Actor.FromPrincipal(u), ct)).WithSummary("Projects the caller can see, with progress counts");
        projects.MapGet("/{id:long}", (long id, ProjectService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.GetAsync(id, Actor.FromPrincipal(u), ct)).WithSummary("A project with its configuration and settings");
        projects.MapPost("/", async (ProjectRequest body, ProjectService s, ClaimsPrincipal u, CancellationToken ct) =>
        {
            var project = await s.CreateAsync(body.ToDraft(), Actor.FromPrincipal(u), ct);
            return TypedResults.Created($"/api/projects/{project.Id}", project);
        }).WithSummary("Create a project (administrators)").ProducesValidationProblem();
        projects.MapPut("/{id:long}", (long id, ProjectRequest body, ProjectService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.UpdateAsync(id, body.ToDraft(), Actor.FromPrincipal(u), ct))
            .WithSummary("Update a project; a changed configuration becomes a new version (administrators)").ProducesValidationProblem();
        // As in Label Studio: 200 for a valid configuration, 400 with every problem (line and tag) otherwise.
        projects.MapPost("/validate", Results<Ok<ValidateResponse>, ValidationProblem> (ValidateRequest body) =>
        {
            var result = Core.LabelingConfig.LabelingConfigParser.Parse(body.LabelConfig ?? "");
            if (result.Succeeded) return TypedResults.Ok(new ValidateResponse(true, []));
            var errors = result.Errors.Select(e => e.ToString()).ToArray();
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["labelConfig"] = errors },
                detail: errors.Length == 1 ? errors[0] : $"The labeling configuration has {errors.Length} problems.",
                title: "The labeling configuration is not valid.");
        }).WithSummary("Check a labeling configuration without saving it: 200 when valid, 400 with every problem");
        projects.MapGet("/{id:long}/members", (long id, ProjectService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.ListMembersAsync(id, Actor.FromPrincipal(u), ct)).WithSummary("A project's members and their project roles (administrators)");
        projects.MapPut("/{id:long}/members", async (long id, MemberRequest body, ProjectService s, ClaimsPrincipal u, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(body.UserId))
                throw new DomainValidationException(new Dictionary<string, string[]> { ["userId"] = ["userId is required."] });
            await s.SetMemberAsync(id, body.UserId, body.ParseRole(), Actor.FromPrincipal(u), ct);
            return TypedResults.NoContent();
        }).WithSummary("Add a member or change their project role (administrators)");
        projects.MapDelete("/{id:long}/members/{userId}", async (long id, string userId, ProjectService s, ClaimsPrincipal u, CancellationToken ct) =>
        {
            await s.RemoveMemberAsync(id, userId, Actor.FromPrincipal(u), ct);
            return TypedResults.NoContent();
        }).WithSummary("Remove a member; their reservations go back to the pool (administrators)");
    }

    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record ValidateRequest([property: JsonRequired] string? LabelConfig);

    public sealed record ValidateResponse(bool Valid, IReadOnlyList<string> Errors);
}
