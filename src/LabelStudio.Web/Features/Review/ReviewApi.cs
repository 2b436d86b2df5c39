using System.Security.Claims;
using System.Text.Json.Serialization;
using LabelStudio.Core.Results;
using LabelStudio.Data.Common;
using LabelStudio.Data.Projects;
using LabelStudio.Data.Review;

namespace LabelStudio.Web.Features.Review;

/// <summary>
/// Review: the conflict queue, resolutions, the task browser and task detail (leads of the project and administrators);
/// gold accuracy and resuming paused raters (the same); a rater's own feedback and instruction changes (any member).
/// </summary>
public static class ReviewApi
{
    /// <summary>A lead's decision: <c>{"decision":"accept","annotation_id":N}</c>, <c>{"decision":"edit","result":[...]}</c>,
    /// <c>{"decision":"more_ratings","extra":1}</c> or <c>{"decision":"invalid"}</c>, each with an optional comment.</summary>
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record ResolutionBody(
        [property: JsonPropertyName("decision")] string? Decision,
        [property: JsonPropertyName("annotation_id")] long? AnnotationId,
        [property: JsonPropertyName("result")] List<ResultItem>? Result,
        [property: JsonPropertyName("extra")] int? Extra,
        [property: JsonPropertyName("comment")] string? Comment,
        [property: JsonPropertyName("save_as_gold")] bool? SaveAsGold)
    {
        public ResolutionRequest ToRequest() => new(ParseDecision(Decision), AnnotationId, Result, Extra, Comment, SaveAsGold ?? false);
    }

    public static void MapReviewApi(this RouteGroupBuilder api)
    {
        api.MapGet("/projects/{id:long}/conflicts", (long id, int? page, int? pageSize, string? reason, string? label, string? rater,
                long? batch, ConflictQueueService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.ListAsync(id, new ConflictFilter(reason, label, rater, batch), page ?? 1, pageSize ?? 20, Actor.FromPrincipal(u), ct))
            .WithTags("Review").WithSummary("Unresolved conflicts, highest priority first, filterable by reason, label, rater and import batch");

        api.MapPost("/tasks/{id:long}/resolution", async (long id, ResolutionBody body, ResolutionService s, ClaimsPrincipal u,
            CancellationToken ct) =>
        {
            var result = await s.ResolveAsync(id, body.ToRequest(), Actor.FromPrincipal(u), ct);
            return TypedResults.Created($"/api/tasks/{id}/resolutions", result);
        }).WithTags("Review").WithSummary("Resolve a task: accept a rater's answer, edit one of the lead's own, ask for more ratings or mark it invalid")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/tasks/{id:long}/resolutions", (long id, ResolutionService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.HistoryAsync(id, Actor.FromPrincipal(u), ct)).WithTags("Review")
            .WithSummary("Every resolution of a task, newest first (append-only history)");

        api.MapGet("/tasks/{id:long}", (long id, TaskDetailService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.GetAsync(id, Actor.FromPrincipal(u), ct)).WithTags("Review")
            .WithSummary("A task with its data, every annotation, the outcome, the final label, the history and its lineage");

        api.MapGet("/projects/{id:long}/tasks", (long id, TaskState? state, long? batch, string? search, TaskSort? sort, bool? desc,
                int? page, int? pageSize, TaskBrowserService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.ListAsync(id, new TaskQuery(state, batch, search, sort ?? TaskSort.Position, desc ?? false, page ?? 1, pageSize ?? 25),
                Actor.FromPrincipal(u), ct))
            .WithTags("Review").WithSummary("Every task of a project, filtered, sorted and paged on the server");

        api.MapGet("/projects/{id:long}/batches", (long id, TaskBrowserService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.BatchesAsync(id, Actor.FromPrincipal(u), ct)).WithTags("Review")
            .WithSummary("The project's import batches, for filters");

        api.MapGet("/projects/{id:long}/review", (long id, ReviewStatsService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.SummaryAsync(id, Actor.FromPrincipal(u), ct)).WithTags("Review")
            .WithSummary("Review counts: open conflicts, resolutions, conflicts settled by extra ratings");

        api.MapGet("/projects/{id:long}/gold-accuracy", (long id, GoldCheckService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.ListAsync(id, Actor.FromPrincipal(u), ct)).WithTags("Review")
            .WithSummary("Each rater's gold checks and accuracy, and whether they are paused");

        api.MapPost("/projects/{id:long}/members/{userId}/resume", async (long id, string userId, GoldCheckService s, ClaimsPrincipal u,
            CancellationToken ct) =>
        {
            await s.ResumeAsync(id, userId, Actor.FromPrincipal(u), ct);
            return TypedResults.NoContent();
        }).WithTags("Review").WithSummary("Let a rater paused by gold checks label the project again");

        api.MapGet("/me/feedback", (bool? markRead, RaterFeedbackService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.ListAsync(Actor.FromPrincipal(u), markRead ?? false, ct)).WithTags("Review")
            .WithSummary("The caller's tasks whose final label differs from their answer, with the lead's comment");

        api.MapGet("/projects/{id:long}/instructions/changes", async (long id, InstructionsHistory s, ClaimsPrincipal u, CancellationToken ct) =>
        {
            var change = await s.TakeChangeSinceLastVisitAsync(id, Actor.FromPrincipal(u), ct);
            return change is null ? Results.NoContent() : Results.Ok(change);
        }).WithTags("Review").WithSummary("What changed in the instructions since the caller's last visit (204 when nothing did)")
            .Produces<InstructionsChange>().Produces(StatusCodes.Status204NoContent);
    }

    private static ResolutionDecision ParseDecision(string? decision) => decision?.Trim().ToLowerInvariant() switch
    {
        "accept" => ResolutionDecision.Accept,
        "edit" => ResolutionDecision.Edit,
        "more_ratings" or "moreratings" => ResolutionDecision.MoreRatings,
        "invalid" => ResolutionDecision.Invalid,
        _ => throw new DomainValidationException("\"decision\" must be one of accept, edit, more_ratings, invalid."),
    };
}
