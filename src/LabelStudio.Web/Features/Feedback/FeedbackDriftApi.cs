using System.Security.Claims;
using LabelStudio.Data.Common;
using LabelStudio.Data.Feedback;

namespace LabelStudio.Web.Features.Feedback;

public static class FeedbackDriftApi
{
    /// <summary><c>GET /api/projects/{id}/feedback/drift</c>: each ingest's click-through and θ by rank against the evidence before it (administrators).</summary>
    public static void MapFeedbackDriftApi(this RouteGroupBuilder api)
    {
        api.MapGet("/projects/{id:long}/feedback/drift", async (long id, FeedbackDriftService drift, ClaimsPrincipal user, CancellationToken ct) =>
                TypedResults.Ok(await drift.GetHistoryAsync(id, Actor.FromPrincipal(user), ct)))
            .WithTags("Feedback")
            .WithSummary("Drift of the click evidence: each ingest's click-through by rank against the evidence before it, with the noise band (administrators)");
    }
}
