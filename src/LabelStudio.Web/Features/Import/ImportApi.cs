using System.Security.Claims;
using LabelStudio.Data.Common;
using LabelStudio.Data.Import;
using LabelStudio.Data.Jobs;
using LabelStudio.Data.Projects;
using LabelStudio.Data.Validation;
using LabelStudio.Web.Features.ApiReference;
using LabelStudio.Web.Features.Jobs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace LabelStudio.Web.Features.Import;

public static class ImportApi
{
    /// <summary>
    /// <c>POST /api/projects/{id}/import?fileName=tasks.jsonl[&amp;async=true][&amp;allowDuplicates=true]</c> with the file
    /// as the raw body, or as a multipart form field <c>file</c>. Every import is a job. Synchronous by default: 201 with the batch, or 400
    /// with the errors. A task whose data repeats another task of the file, or a task already in the project, is an
    /// error unless <c>allowDuplicates=true</c>. With <c>async=true</c>: 202 with the job to follow at <c>GET /api/jobs/{jobId}</c>.
    /// </summary>
    public static void MapImportApi(this RouteGroupBuilder api)
    {
        api.MapPost("/projects/{id:long}/import", async (long id, HttpRequest request, [FromQuery] string? fileName,
            [FromQuery(Name = "async")] bool? runInBackground, [FromQuery] bool? allowDuplicates, JobService jobs, ImportService imports, ProjectService projects,
            WorkDirectories work, IOptions<ImportOptions> options, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var actor = Actor.FromPrincipal(user);
            if (!actor.IsAdmin) throw new AccessDeniedException("Only administrators can import tasks.");
            await projects.GetAsync(id, actor, ct);
            var (spool, name) = await JobUploads.ReceiveAsync(request, fileName, "upload", options.Value.MaxUploadBytes,
                "import", work, acceptForm: true, ct);
            var job = await jobs.EnqueueAsync(ImportService.JobKind, id, actor, name, spool,
                new ImportParameters(allowDuplicates == true), ct);
            if (runInBackground == true)
            {
                return Results.Accepted($"/api/jobs/{job.Id}", job);
            }
            var outcome = await imports.OutcomeAsync(await jobs.WaitAsync(job.Id, ct), ct);
            return outcome.Succeeded
                ? Results.Created($"/api/projects/{id}/imports/{outcome.Batch!.Id}", ImportedBatchView.From(outcome.Batch, outcome.Warnings))
                : Results.BadRequest(new ImportFailure(
                    ImportOutcome.FailureMessage(name, outcome.TotalErrors, outcome.ExistingDuplicates),
                    outcome.TotalErrors, outcome.Errors.Select(e => e.ToString()).ToList(), outcome.JobId, outcome.ExistingDuplicates));
        }).WithTags("Import").DisableAntiforgery()
            .WithSummary("Import a task file (JSON, JSON Lines, CSV, TSV) sent as the body or as multipart field \"file\" (administrators)")
            .DocumentsRawBody("application/octet-stream", "application/json", "application/x-ndjson", "text/csv", "text/tab-separated-values", "multipart/form-data")
            .Produces<ImportedBatchView>(StatusCodes.Status201Created).Produces<JobView>(StatusCodes.Status202Accepted)
            .Produces<ImportFailure>(StatusCodes.Status400BadRequest);

        // Kept for clients of the first release; GET /api/jobs/{id} serves every kind.
        api.MapGet("/import-jobs/{jobId:long}", (long jobId, JobService jobs, ClaimsPrincipal user, CancellationToken ct) =>
            jobs.GetAsync(jobId, Actor.FromPrincipal(user), ImportService.JobKind, ct)).WithTags("Import")
            .WithSummary("Progress and result of an import (administrators and the project's leads)")
            .Produces<JobView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/projects/{id:long}/imports", async (long id, ImportService imports, ClaimsPrincipal user, CancellationToken ct) =>
            await imports.ListBatchesAsync(id, Actor.FromPrincipal(user), ct)).WithTags("Import")
            .WithSummary("A project's import history (administrators)");
    }

    /// <summary>
    /// A rejected file: the first errors by line (at most <see cref="ImportOutcome.MaxReportedErrors"/>), their total,
    /// and how many tasks repeat tasks already in the project (<c>allowDuplicates=true</c> imports them anyway).
    /// </summary>
    public sealed record ImportFailure(string Message, int TotalErrors, IReadOnlyList<string> Errors, long JobId, int ExistingDuplicates = 0);
}
