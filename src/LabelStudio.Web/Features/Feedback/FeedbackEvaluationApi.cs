using System.Security.Claims;
using LabelStudio.Data.Common;
using LabelStudio.Data.Feedback.Evaluation;
using Microsoft.AspNetCore.Mvc;

namespace LabelStudio.Web.Features.Feedback;

public static class FeedbackEvaluationApi
{
    /// <summary>
    /// Evaluation from the click evidence (administrators): <c>GET /api/projects/{id}/feedback/rankers?a=&amp;b=</c> (every
    /// ranker's metrics with 95 % intervals, B compared with A, interleaving wins) and
    /// <c>GET /api/projects/{id}/feedback/segments</c> (precision and coverage per query segment).
    /// </summary>
    public static void MapFeedbackEvaluationApi(this RouteGroupBuilder api)
    {
        api.MapGet("/projects/{id:long}/feedback/rankers", async (long id, [FromQuery] string? a, [FromQuery] string? b,
            FeedbackEvaluationService evaluation, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(await evaluation.RankersAsync(id, Actor.FromPrincipal(user), a, b, ct)))
            .WithTags("Feedback")
            .WithSummary("Per-ranker click metrics, NDCG@10 and precision@k with 95 % intervals, ranker B against A, interleaving wins (administrators)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/projects/{id:long}/feedback/segments", async (long id, FeedbackEvaluationService evaluation, ClaimsPrincipal user,
            CancellationToken ct) => TypedResults.Ok(await evaluation.SegmentsAsync(id, Actor.FromPrincipal(user), ct)))
            .WithTags("Feedback")
            .WithSummary("Precision and coverage of the click auto-labels per query segment: head, torso, tail (administrators)")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
    }
}
