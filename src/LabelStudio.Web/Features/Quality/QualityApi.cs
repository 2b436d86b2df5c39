using System.Security.Claims;
using LabelStudio.Core.Results;
using LabelStudio.Data.Common;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Review;

namespace LabelStudio.Web.Features.Quality;

public static class QualityApi
{
    public static void MapQualityApi(this RouteGroupBuilder api)
    {
        api.MapGet("/projects/{id:long}/quality", (long id, QualityService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.GetReportAsync(id, Actor.FromPrincipal(u), ct)).WithTags("Quality")
            .WithSummary("Agreement measures and rater reliability (the project's leads and administrators)");

        api.MapPost("/projects/{id:long}/quality/recompute", async (long id, QualityService s, ClaimsPrincipal u, CancellationToken ct) =>
        {
            await s.RequestRecomputeAsync(id, Actor.FromPrincipal(u), ct);
            return TypedResults.Accepted($"/api/projects/{id}/quality");
        }).WithTags("Quality").WithSummary("Recompute the project's quality measures now");

        api.MapPut("/projects/{id:long}/quality/settings", (long id, ConflictSettings body, QualityService s, ClaimsPrincipal u,
            CancellationToken ct) => s.UpdateConflictSettingsAsync(id, body, Actor.FromPrincipal(u), ct)).WithTags("Quality")
            .WithSummary("Change the project's conflict rule (administrators)").ProducesValidationProblem();

        api.MapGet("/projects/{id:long}/quality/csv/{table}", async (long id, string table, QualityService quality, ReviewStatsService stats,
            GoldCheckService gold, ClaimsPrincipal u, CancellationToken ct) =>
        {
            var csv = await QualityCsv.BuildAsync(table, id, Actor.FromPrincipal(u), quality, stats, gold, ct);
            return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", $"{table}.csv");
        }).WithTags("Quality").WithSummary("One of the quality tables as CSV (trend, histogram, labels, confusion, resolutions, gold)")
            .Produces(StatusCodes.Status200OK, typeof(string), "text/csv");

        api.MapGet("/projects/{id:long}/consensus-runs", (long id, int? limit, ConsensusRunService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.ListAsync(id, Actor.FromPrincipal(u), limit ?? 50, ct)).WithTags("Quality")
            .WithSummary("The project's consensus runs, newest first: method, model, the highest ids read, outcomes changed and per state")
            .Produces<IReadOnlyList<ConsensusRunView>>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/projects/{id:long}/quality/resolutions", (long id, ReviewStatsService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.ResolutionsByRaterAsync(id, Actor.FromPrincipal(u), ct)).WithTags("Quality")
            .WithSummary("Lead resolutions against each rater's answers");

        api.MapGet("/tasks/{id:long}/outcome", (long id, QualityService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.GetOutcomeAsync(id, Actor.FromPrincipal(u), ct)).WithTags("Quality").WithSummary("A task's outcome: agreed, conflict or open");

        // Gold answers (leads and administrators only; raters never see gold). PUT takes a Label Studio result array;
        // DELETE appends a retraction row (the latest row of a task wins). Optional ?comment= on both.
        api.MapGet("/tasks/{id:long}/gold", (long id, GoldService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.GetAsync(id, Actor.FromPrincipal(u), ct)).WithTags("Quality").WithSummary("A task's gold answer");

        api.MapPut("/tasks/{id:long}/gold", (long id, List<ResultItem> body, string? comment, GoldService s, ClaimsPrincipal u,
            CancellationToken ct) => s.SetAsync(id, body, comment, Actor.FromPrincipal(u), ct)).WithTags("Quality")
            .WithSummary("Set a task's gold answer (a Label Studio result array)").ProducesValidationProblem();

        api.MapDelete("/tasks/{id:long}/gold", (long id, string? comment, GoldService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.RetractAsync(id, comment, Actor.FromPrincipal(u), ct)).WithTags("Quality").WithSummary("Retract a task's gold answer");
    }
}
