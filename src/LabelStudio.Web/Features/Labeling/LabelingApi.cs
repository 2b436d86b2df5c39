using System.Security.Claims;
using System.Text.Json.Serialization;
using LabelStudio.Core.Results;
using LabelStudio.Data.Common;
using LabelStudio.Data.Labeling;

namespace LabelStudio.Web.Features.Labeling;

public static class LabelingApi
{
    /// <summary>Label Studio's annotation body: result, lead_time, was_cancelled; plus an idempotency key and the Labels
    /// controls answered with "no entities".</summary>
    public sealed record AnnotationRequest(
        [property: JsonPropertyName("result")] List<ResultItem>? Result,
        [property: JsonPropertyName("lead_time")] double? LeadTime,
        [property: JsonPropertyName("was_cancelled")] bool? WasCancelled,
        [property: JsonPropertyName("idempotency_key")] string? IdempotencyKey,
        [property: JsonPropertyName("no_entities")] List<string>? NoEntities = null)
    {
        public SubmitRequest ToSubmit(string? key) => new(Result ?? [], LeadTime ?? 0, key, NoEntities);
    }

    /// <summary>A draft body: only these fields (an unknown one is refused, not silently saved as an empty draft).</summary>
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record DraftBody(
        [property: JsonPropertyName("result")] List<ResultItem>? Result,
        [property: JsonPropertyName("no_entities")] List<string>? NoEntities,
        [property: JsonPropertyName("revises_id")] long? RevisesId,
        [property: JsonPropertyName("lead_time")] double? LeadTime);

    public static void MapLabelingApi(this RouteGroupBuilder api)
    {
        api.MapGet("/projects/{id:long}/next", async (long id, LabelingService s, ClaimsPrincipal u, CancellationToken ct) =>
        {
            var next = await s.NextAsync(id, Actor.FromPrincipal(u), ct);
            return next is null
                ? Results.Problem("No task is left for you in this project.", statusCode: StatusCodes.Status404NotFound)
                : Results.Ok(next);
        }).WithTags("Labeling").WithSummary("Reserve and return the next task for the caller")
            .Produces<TaskAssignment>().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/tasks/{id:long}/annotations", async (long id, AnnotationRequest body, HttpRequest request,
            LabelingService s, ClaimsPrincipal u, CancellationToken ct) =>
        {
            var key = body.IdempotencyKey ?? request.Headers["Idempotency-Key"].FirstOrDefault();
            var actor = Actor.FromPrincipal(u);
            var result = body.WasCancelled == true
                ? await s.SkipAsync(id, key, actor, ct)
                : await s.SubmitAsync(id, body.ToSubmit(key), actor, ct);
            return result.Duplicate
                ? Results.Ok(result)
                : Results.Created($"/api/annotations/{result.AnnotationId}", result);
        }).WithTags("Labeling").WithSummary("Submit an annotation (Label Studio's shape) or skip the task; retries with the same idempotency key are one row")
            .Produces<SubmitResult>(StatusCodes.Status201Created).Produces<SubmitResult>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/tasks/{id:long}/annotations", async (long id, LabelingService s, ClaimsPrincipal u, CancellationToken ct) =>
            (await s.MyAnnotationsAsync(id, Actor.FromPrincipal(u), ct)).Select(AnnotationResponse.From).ToList()).WithTags("Labeling")
            .WithSummary("The caller's own annotations on a task, newest revision chain included");

        api.MapGet("/projects/{id:long}/progress", (long id, LabelingService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.ProgressAsync(id, Actor.FromPrincipal(u), ct)).WithTags("Labeling").WithSummary("The caller's progress in a project");

        api.MapGet("/tasks/{id:long}/draft", async (long id, DraftService s, ClaimsPrincipal u, CancellationToken ct) =>
            await s.GetAsync(id, Actor.FromPrincipal(u), ct) is { } draft
                ? Results.Ok(draft)
                : Results.Problem("You have no draft on this task.", statusCode: StatusCodes.Status404NotFound)).WithTags("Labeling")
            .WithSummary("The caller's unfinished answer on a task").Produces<DraftView>().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/tasks/{id:long}/draft", (long id, DraftBody body, DraftService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.SaveAsync(id, new DraftRequest(body.Result ?? [], body.NoEntities, body.RevisesId, body.LeadTime ?? 0), Actor.FromPrincipal(u), ct))
            .WithTags("Labeling").WithSummary("Save the caller's unfinished answer on a task").ProducesValidationProblem();

        api.MapDelete("/tasks/{id:long}/draft", async (long id, DraftService s, ClaimsPrincipal u, CancellationToken ct) =>
        {
            await s.DeleteAsync(id, Actor.FromPrincipal(u), ct);
            return Results.NoContent();
        }).WithTags("Labeling").WithSummary("Discard the caller's draft on a task").Produces(StatusCodes.Status204NoContent);

        api.MapGet("/projects/{id:long}/submissions", (long id, int? limit, RevisionService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.RecentAsync(id, limit ?? 20, Actor.FromPrincipal(u), ct)).WithTags("Labeling")
            .WithSummary("The caller's recent answers in a project, newest first");

        api.MapPost("/annotations/{id:long}/revisions", async (long id, AnnotationRequest body, HttpRequest request,
            RevisionService s, ClaimsPrincipal u, CancellationToken ct) =>
        {
            var key = body.IdempotencyKey ?? request.Headers["Idempotency-Key"].FirstOrDefault();
            var result = await s.ReviseAsync(id, body.ToSubmit(key), Actor.FromPrincipal(u), ct);
            return result.Duplicate
                ? Results.Ok(result)
                : Results.Created($"/api/annotations/{result.AnnotationId}", result);
        }).WithTags("Labeling").WithSummary("Revise one of the caller's answers: a new annotation that supersedes it")
            .Produces<SubmitResult>(StatusCodes.Status201Created).Produces<SubmitResult>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
