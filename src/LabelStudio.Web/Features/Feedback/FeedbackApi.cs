using System.Security.Claims;
using LabelStudio.Data.Common;
using LabelStudio.Data.Feedback;
using LabelStudio.Feedback.Ingest;
using LabelStudio.Data.Jobs;
using LabelStudio.Data.Projects;
using LabelStudio.Web.Features.ApiReference;
using LabelStudio.Web.Features.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace LabelStudio.Web.Features.Feedback;

public static class FeedbackApi
{
    /// <summary>
    /// Click feedback (administrators):
    /// <c>POST /api/projects/{id}/feedback/ingest?fileName=&amp;format=native|yandex[&amp;async=true]</c> with the log as
    /// the raw (streamed) body; <c>POST /api/projects/{id}/feedback/seed?fileName=</c> with a seed TSV body;
    /// <c>GET /api/feedback-jobs/{jobId}</c> (administrators and the project's leads); <c>GET /api/projects/{id}/feedback</c>;
    /// <c>GET /api/projects/{id}/feedback/labels?decision=&amp;reason=&amp;page=&amp;pageSize=</c>;
    /// <c>PUT /api/projects/{id}/feedback/settings</c>; <c>GET /api/projects/{id}/feedback/labels?format=tsv|jsonl</c> streams
    /// every label; <c>POST /api/projects/{id}/feedback/recompute</c> and
    /// <c>POST /api/projects/{id}/feedback/ingests/{ingestId}/rollback</c> start a recompute job.
    /// </summary>
    public static void MapFeedbackApi(this RouteGroupBuilder api)
    {
        api.MapPost("/projects/{id:long}/feedback/ingest", async (long id, HttpRequest request, [FromQuery] string? fileName,
            [FromQuery] string? format, [FromQuery(Name = "async")] bool? runInBackground, JobService jobs,
            ProjectService projects, WorkDirectories work, IOptions<FeedbackOptions> options, ClaimsPrincipal user,
            CancellationToken ct) =>
        {
            var actor = Actor.FromPrincipal(user);
            if (!actor.IsAdmin) throw new AccessDeniedException("Only administrators can ingest click logs.");
            var logFormat = ParseFormat(format);
            await projects.GetAsync(id, actor, ct);
            var (spool, name) = await JobUploads.ReceiveAsync(request, fileName, "clicks.jsonl", options.Value.MaxUploadBytes,
                "click log", work, acceptForm: false, ct);
            if (new FileInfo(spool).Length == 0)
            {
                File.Delete(spool);
                throw new DomainValidationException("The click log is empty.");
            }
            var parameters = new FeedbackIngestService.Parameters { Format = logFormat == ClickLogFormat.Yandex ? "yandex" : "native" };
            var job = await jobs.EnqueueAsync(FeedbackIngestService.JobKind, id, actor, name, spool, parameters, ct);
            if (runInBackground == true)
            {
                return Results.Accepted($"/api/jobs/{job.Id}", job);
            }
            var done = await jobs.WaitAsync(job.Id, ct);
            if (done.State != JobState.Succeeded || done.ResultAs<FeedbackIngestResult>() is not { } result)
            {
                throw new DomainValidationException(done.Message ?? "The ingest did not finish.");
            }
            return result.Duplicate
                ? Results.Ok(result)
                : Results.Created($"/api/projects/{id}/feedback", result);
        }).WithTags("Feedback").DisableAntiforgery()
            .WithSummary("Ingest a click log sent as the (streamed) body (administrators)")
            .DocumentsRawBody("application/x-ndjson", "application/octet-stream")
            .Produces<FeedbackIngestResult>(StatusCodes.Status201Created).Produces<FeedbackIngestResult>()
            .Produces<JobView>(StatusCodes.Status202Accepted).ProducesValidationProblem();

        api.MapPost("/projects/{id:long}/feedback/seed", async (long id, HttpRequest request, [FromQuery] string? fileName,
            FeedbackService feedback, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var seed = await feedback.UploadSeedAsync(id, request.Body, fileName ?? "seed.tsv", Actor.FromPrincipal(user), ct);
            return Results.Created($"/api/projects/{id}/feedback", seed);
        }).WithTags("Feedback").DisableAntiforgery()
            .WithSummary("Upload the human seed (TSV: query_id, doc_id, grade) (administrators)")
            .DocumentsRawBody("text/tab-separated-values", "application/octet-stream")
            .Produces<FeedbackSeedView>(StatusCodes.Status201Created).ProducesValidationProblem();

        api.MapPost("/projects/{id:long}/feedback/catalog", async (long id, HttpRequest request, [FromQuery] string? fileName,
            FeedbackCatalogService catalog, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var result = await catalog.UploadAsync(id, request.Body, fileName ?? "catalog.tsv", Actor.FromPrincipal(user), ct);
            return TypedResults.Created($"/api/projects/{id}/feedback", result);
        }).WithTags("Feedback").DisableAntiforgery()
            .WithSummary("Upload the query and document catalog (TSV: kind, id, text, title, url; or JSON Lines) (administrators)")
            .DocumentsRawBody("text/tab-separated-values", "application/x-ndjson", "application/octet-stream")
            .Produces<FeedbackCatalogService.CatalogResult>(StatusCodes.Status201Created).ProducesValidationProblem();

        // Kept for clients of the first release; GET /api/jobs/{id} serves every kind.
        api.MapGet("/feedback-jobs/{jobId:long}", (long jobId, JobService jobs, ClaimsPrincipal user, CancellationToken ct) =>
            jobs.GetAsync(jobId, Actor.FromPrincipal(user), FeedbackIngestService.JobKind, ct)).WithTags("Feedback")
            .WithSummary("Progress and result of a click-log ingest (administrators and the project's leads)")
            .Produces<JobView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/projects/{id:long}/feedback", (long id, FeedbackService feedback, ClaimsPrincipal user, CancellationToken ct) =>
            feedback.GetOverviewAsync(id, Actor.FromPrincipal(user), ct)).WithTags("Feedback")
            .WithSummary("Click feedback summary: ingests, calibration curve, reliability");

        api.MapGet("/projects/{id:long}/feedback/labels", async Task<Results<Ok<FeedbackLabelPage>, PushStreamHttpResult>> (long id,
            int? decision, string? reason, int? page, int? pageSize, string? format, FeedbackService feedback,
            FeedbackLabelExporter exporter, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var actor = Actor.FromPrincipal(user);
            if (format is null)
            {
                return TypedResults.Ok(await feedback.GetLabelsAsync(id, decision, reason, page ?? 1, pageSize ?? 50, actor, ct));
            }
            var kind = FeedbackLabelExporter.ParseFormat(format);
            await exporter.RequireAccessAsync(id, actor, ct);
            return TypedResults.Stream(stream => exporter.WriteAsync(id, kind, stream, ct), FeedbackLabelExporter.ContentType(kind),
                FeedbackLabelExporter.FileName(id, kind));
        }).WithTags("Feedback")
            .WithSummary("Relevance labels from clicks: a page of JSON with evidence, or with format=tsv|jsonl all of them streamed")
            .Produces<string>(StatusCodes.Status200OK, "text/tab-separated-values", "application/x-ndjson")
            .ProducesValidationProblem();

        api.MapPost("/projects/{id:long}/feedback/recompute", async (long id, FeedbackLoopService loop, ClaimsPrincipal user,
                CancellationToken ct) =>
            {
                var job = await loop.RecomputeAsync(id, Actor.FromPrincipal(user), ct);
                return TypedResults.Accepted($"/api/jobs/{job.Id}", job);
            }).WithTags("Feedback")
            .WithSummary("Recompute the labels from all the accumulated evidence, as a job (administrators)")
            .Produces<JobView>(StatusCodes.Status202Accepted).ProducesValidationProblem();

        api.MapPost("/projects/{id:long}/feedback/ingests/{ingestId:long}/rollback", async (long id, long ingestId,
                FeedbackLoopService loop, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var job = await loop.RollbackAsync(id, ingestId, Actor.FromPrincipal(user), ct);
                return TypedResults.Accepted($"/api/jobs/{job.Id}", job);
            }).WithTags("Feedback")
            .WithSummary("Roll an ingest back: its evidence stops counting and the labels are recomputed, as a job (administrators)")
            .Produces<JobView>(StatusCodes.Status202Accepted).ProducesValidationProblem();

        api.MapPut("/projects/{id:long}/feedback/settings", (long id, FeedbackSettingsView body, FeedbackService feedback,
            ClaimsPrincipal user, CancellationToken ct) =>
            feedback.UpdateSettingsAsync(id, body, Actor.FromPrincipal(user), ct)).WithTags("Feedback")
            .WithSummary("Change the target precision and other click-feedback settings").ProducesValidationProblem();
    }

    internal static ClickLogFormat ParseFormat(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        null or "" or "native" or "jsonl" => ClickLogFormat.Native,
        "yandex" => ClickLogFormat.Yandex,
        _ => throw new DomainValidationException("The format must be native or yandex."),
    };
}
