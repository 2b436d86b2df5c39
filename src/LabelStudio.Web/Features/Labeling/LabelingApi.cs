using System.Security.Claims;
using System.Text.Json.Serialization;
using LabelStudio.Core.Results;
using LabelStudio.Data.Common;
using LabelStudio.Data.Labeling;

namespace LabelStudio.Web.Features.Labeling;

public static class LabelingApi
{
    /// <summary>Label Studio's annotation body: result, lead_time, was_cancelled; plus an idempotency key.</summary>
    public sealed record AnnotationRequest(
        [property: JsonPropertyName("result")] List<ResultItem>? Result,
        [property: JsonPropertyName("lead_time")] double? LeadTime,
        [property: JsonPropertyName("was_cancelled")] bool? WasCancelled,
        [property: JsonPropertyName("idempotency_key")] string? IdempotencyKey);

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
                : await s.SubmitAsync(id, new SubmitRequest(body.Result ?? [], body.LeadTime ?? 0, key), actor, ct);
            return result.Duplicate
                ? Results.Ok(result)
                : Results.Created($"/api/annotations/{result.AnnotationId}", result);
        }).WithTags("Labeling").WithSummary("Submit an annotation (Label Studio's shape) or skip the task; retries with the same idempotency key are one row")
            .Produces<SubmitResult>(StatusCodes.Status201Created).Produces<SubmitResult>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/tasks/{id:long}/annotations", (long id, LabelingService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.MyAnnotationsAsync(id, Actor.FromPrincipal(u), ct)).WithTags("Labeling").WithSummary("The caller's own annotations on a task");

        api.MapGet("/projects/{id:long}/progress", (long id, LabelingService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.ProgressAsync(id, Actor.FromPrincipal(u), ct)).WithTags("Labeling").WithSummary("The caller's progress in a project");
    }
}
