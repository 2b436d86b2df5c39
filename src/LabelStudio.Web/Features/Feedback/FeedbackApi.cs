using System.Security.Claims;
using LabelStudio.Data.Common;
using LabelStudio.Data.Feedback;
using LabelStudio.Feedback.Ingest;
using LabelStudio.Web.Features.ApiReference;
using LabelStudio.Web.Features.Import;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace LabelStudio.Web.Features.Feedback;

public static class FeedbackApi
{
    /// <summary>
    /// Click feedback (administrators):
    /// <c>POST /api/projects/{id}/feedback/ingest?fileName=&amp;format=native|yandex[&amp;async=true]</c> with the log as
    /// the raw (streamed) body; <c>POST /api/projects/{id}/feedback/seed?fileName=</c> with a seed TSV body;
    /// <c>GET /api/feedback-jobs/{jobId}</c>; <c>GET /api/projects/{id}/feedback</c>;
    /// <c>GET /api/projects/{id}/feedback/labels?decision=&amp;reason=&amp;page=&amp;pageSize=</c>;
    /// <c>PUT /api/projects/{id}/feedback/settings</c>.
    /// </summary>
    public static void MapFeedbackApi(this RouteGroupBuilder api)
    {
        api.MapPost("/projects/{id:long}/feedback/ingest", async (long id, HttpRequest request, [FromQuery] string? fileName,
            [FromQuery] string? format, [FromQuery(Name = "async")] bool? runInBackground, FeedbackJobService jobs,
            IConfiguration configuration, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var actor = Actor.FromPrincipal(user);
            if (!actor.IsAdmin) throw new AccessDeniedException("Only administrators can ingest click logs.");
            var logFormat = ParseFormat(format);
            var maxBytes = configuration.GetValue<long>("Feedback:MaxUploadBytes", 4L << 30);
            // Kestrel caps request bodies at about 28.6 MB unless told otherwise; click logs are large.
            if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            {
                bodySize.MaxRequestBodySize = maxBytes + (1 << 20);
            }
            var name = string.IsNullOrWhiteSpace(fileName) ? "clicks.jsonl" : fileName;
            var spool = await ImportJobService.SpoolAsync(request.Body, maxBytes, ct);
            if (new FileInfo(spool).Length == 0)
            {
                File.Delete(spool);
                throw new DomainValidationException("The click log is empty.");
            }
            if (runInBackground == true)
            {
                var job = jobs.Start(id, spool, name, logFormat, actor);
                return Results.Accepted($"/api/feedback-jobs/{job.Id}", ToView(job));
            }
            var result = await jobs.RunNowAsync(id, spool, name, logFormat, actor, ct);
            return result.Duplicate
                ? Results.Ok(result)
                : Results.Created($"/api/projects/{id}/feedback", result);
        }).WithTags("Feedback").DisableAntiforgery()
            .WithSummary("Ingest a click log sent as the (streamed) body (administrators)")
            .DocumentsRawBody("application/x-ndjson", "application/octet-stream")
            .Produces<FeedbackIngestResult>(StatusCodes.Status201Created).Produces<FeedbackIngestResult>()
            .Produces<FeedbackJobView>(StatusCodes.Status202Accepted).ProducesValidationProblem();

        api.MapPost("/projects/{id:long}/feedback/seed", async (long id, HttpRequest request, [FromQuery] string? fileName,
            FeedbackService feedback, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var seed = await feedback.UploadSeedAsync(id, request.Body, fileName ?? "seed.tsv", Actor.FromPrincipal(user), ct);
            return Results.Created($"/api/projects/{id}/feedback", seed);
        }).WithTags("Feedback").DisableAntiforgery()
            .WithSummary("Upload the human seed (TSV: query_id, doc_id, grade) (administrators)")
            .DocumentsRawBody("text/tab-separated-values", "application/octet-stream")
            .Produces<FeedbackSeedView>(StatusCodes.Status201Created).ProducesValidationProblem();

        api.MapGet("/feedback-jobs/{jobId:guid}", (Guid jobId, FeedbackJobService jobs, ClaimsPrincipal user) =>
        {
            if (!Actor.FromPrincipal(user).IsAdmin) throw new AccessDeniedException("Only administrators can follow ingests.");
            return jobs.Get(jobId) is { } job ? Results.Ok(ToView(job)) : Results.NotFound();
        }).WithTags("Feedback").WithSummary("Progress and result of a background click-log ingest")
            .Produces<FeedbackJobView>().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/projects/{id:long}/feedback", (long id, FeedbackService feedback, ClaimsPrincipal user, CancellationToken ct) =>
            feedback.GetOverviewAsync(id, Actor.FromPrincipal(user), ct)).WithTags("Feedback")
            .WithSummary("Click feedback summary: ingests, calibration curve, reliability");

        api.MapGet("/projects/{id:long}/feedback/labels", (long id, int? decision, string? reason, int? page, int? pageSize,
            FeedbackService feedback, ClaimsPrincipal user, CancellationToken ct) =>
            feedback.GetLabelsAsync(id, decision, reason, page ?? 1, pageSize ?? 50, Actor.FromPrincipal(user), ct)).WithTags("Feedback")
            .WithSummary("Relevance labels from clicks, with their evidence");

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

    public sealed record FeedbackJobView(Guid Id, long ProjectId, string FileName, string State, string Stage, long BytesRead,
        long TotalBytes, string? Failure, FeedbackIngestResult? Result);

    public static FeedbackJobView ToView(FeedbackJob job) => new(job.Id, job.ProjectId, job.FileName, job.State.ToString(),
        job.Progress.Stage, job.Progress.BytesRead, job.TotalBytes, job.Failure, job.Result);
}
