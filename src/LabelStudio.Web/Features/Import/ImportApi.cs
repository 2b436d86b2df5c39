using System.Security.Claims;
using LabelStudio.Data.Common;
using LabelStudio.Data.Import;
using LabelStudio.Web.Features.ApiReference;
using LabelStudio.Web.Features.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace LabelStudio.Web.Features.Import;

public static class ImportApi
{
    /// <summary>
    /// <c>POST /api/projects/{id}/import?fileName=tasks.jsonl[&amp;async=true]</c> with the file as the raw body, or as
    /// a multipart form field <c>file</c>. Synchronous by default: 201 with the batch, or 400 with the errors.
    /// With <c>async=true</c>: 202 with a job to poll at <c>GET /api/import-jobs/{jobId}</c>.
    /// </summary>
    public static void MapImportApi(this RouteGroupBuilder api)
    {
        api.MapPost("/projects/{id:long}/import", async (long id, HttpRequest request, [FromQuery] string? fileName,
            [FromQuery(Name = "async")] bool? runInBackground, ImportJobService jobs, IConfiguration configuration,
            ClaimsPrincipal user, CancellationToken ct) =>
        {
            var actor = Actor.FromPrincipal(user);
            if (!actor.IsAdmin) throw new AccessDeniedException("Only administrators can import tasks.");
            var maxBytes = configuration.GetValue<long>("Import:MaxUploadBytes", 1L << 30);
            // Kestrel caps request bodies at about 28.6 MB unless told otherwise; imports go up to the configured limit.
            if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            {
                bodySize.MaxRequestBodySize = maxBytes + (1 << 20);
            }

            string spool;
            string name;
            if (request.HasFormContentType)
            {
                request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request,
                    new FormOptions { MultipartBodyLengthLimit = maxBytes, BufferBodyLengthLimit = maxBytes }));
                await ApiAntiforgery.ValidateFormAsync(request.HttpContext);
                var form = await request.ReadFormAsync(ct);
                var file = form.Files["file"] ?? form.Files.FirstOrDefault()
                           ?? throw new DomainValidationException("The form has no file field.");
                await using var stream = file.OpenReadStream();
                spool = await ImportJobService.SpoolAsync(stream, maxBytes, ct);
                name = file.FileName;
            }
            else
            {
                if (request.ContentType?.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase) == true)
                {
                    throw new DomainValidationException(
                        "Send the file with its own content type (application/json, application/x-ndjson, text/csv, " +
                        "text/tab-separated-values or application/octet-stream).");
                }
                name = string.IsNullOrWhiteSpace(fileName) ? "upload" : fileName;
                spool = await ImportJobService.SpoolAsync(request.Body, maxBytes, ct);
            }

            if (runInBackground == true)
            {
                var job = jobs.Start(id, spool, name, actor);
                return Results.Accepted($"/api/import-jobs/{job.Id}", ToView(job));
            }
            var outcome = await jobs.RunNowAsync(id, spool, name, actor, ct);
            return outcome.Succeeded
                ? Results.Created($"/api/projects/{id}/imports/{outcome.Batch!.Id}", outcome.Batch)
                : Results.BadRequest(new ImportFailure(
                    $"Nothing was imported: {outcome.TotalErrors} error(s) in {name}.",
                    outcome.TotalErrors, outcome.Errors.Select(e => e.ToString()).ToList()));
        }).WithTags("Import").DisableAntiforgery()
            .WithSummary("Import a task file (JSON, JSON Lines, CSV, TSV) sent as the body or as multipart field \"file\" (administrators)")
            .DocumentsRawBody("application/octet-stream", "application/json", "application/x-ndjson", "text/csv", "text/tab-separated-values", "multipart/form-data")
            .Produces<ImportBatch>(StatusCodes.Status201Created).Produces<ImportJobView>(StatusCodes.Status202Accepted)
            .Produces<ImportFailure>(StatusCodes.Status400BadRequest);

        api.MapGet("/import-jobs/{jobId:guid}", (Guid jobId, ImportJobService jobs) =>
            jobs.Get(jobId) is { } job ? Results.Ok(ToView(job)) : Results.NotFound()).WithTags("Import")
            .WithSummary("Progress and result of a background import").Produces<ImportJobView>().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/projects/{id:long}/imports", async (long id, ImportService imports, ClaimsPrincipal user, CancellationToken ct) =>
            await imports.ListBatchesAsync(id, Actor.FromPrincipal(user), ct)).WithTags("Import")
            .WithSummary("A project's import history (administrators)");
    }

    public sealed record ImportFailure(string Message, int TotalErrors, IReadOnlyList<string> Errors);

    public sealed record ImportJobView(Guid Id, long ProjectId, string FileName, string State, long BytesRead,
        long TotalBytes, int Tasks, string? Failure, long? BatchId, int TotalErrors, IReadOnlyList<string> Errors);

    public static ImportJobView ToView(ImportJob job) => new(job.Id, job.ProjectId, job.FileName, job.State.ToString(),
        job.Progress.BytesRead, job.TotalBytes, job.Outcome?.Batch?.TaskCount ?? job.Progress.Tasks, job.Failure,
        job.Outcome?.Batch?.Id, job.Outcome?.TotalErrors ?? 0,
        job.Outcome?.Errors.Select(e => e.ToString()).ToList() ?? []);
}
