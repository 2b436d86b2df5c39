using System.Security.Claims;
using LabelStudio.Data.Common;
using LabelStudio.Data.Jobs;

namespace LabelStudio.Web.Features.Jobs;

public static class JobsApi
{
    /// <summary>
    /// Background jobs (imports, click-log ingests): <c>GET /api/jobs/{id}</c>, <c>GET /api/projects/{id}/jobs?kind=</c>
    /// (administrators, and the project's leads), <c>POST /api/jobs/{id}/cancel</c> (administrators).
    /// </summary>
    public static void MapJobsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/jobs/{jobId:long}", (long jobId, JobService jobs, ClaimsPrincipal user, CancellationToken ct) =>
            jobs.GetAsync(jobId, Actor.FromPrincipal(user), ct: ct)).WithTags("Jobs")
            .WithSummary("A background job's state, progress and outcome (administrators and the project's leads)")
            .Produces<JobView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/projects/{id:long}/jobs", (long id, string? kind, int? take, JobService jobs, ClaimsPrincipal user,
            CancellationToken ct) => jobs.ListAsync(id, Actor.FromPrincipal(user), kind, take ?? 20, ct)).WithTags("Jobs")
            .WithSummary("A project's jobs, newest first, optionally of one kind (administrators and the project's leads)")
            .Produces<IReadOnlyList<JobView>>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/jobs/{jobId:long}/cancel", (long jobId, JobService jobs, ClaimsPrincipal user, CancellationToken ct) =>
            jobs.CancelAsync(jobId, Actor.FromPrincipal(user), ct)).WithTags("Jobs")
            .WithSummary("Cancel a queued or running job; what it wrote is discarded (administrators)")
            .Produces<JobView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
