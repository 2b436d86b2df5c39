using System.Security.Claims;
using LabelStudio.Core.DataValidation;
using LabelStudio.Data.Common;
using LabelStudio.Data.Import;
using LabelStudio.Data.Jobs;
using LabelStudio.Data.Validation;
using LabelStudio.Web.Features.ApiReference;
using LabelStudio.Web.Features.Jobs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace LabelStudio.Web.Features.Validation;

/// <summary>Data validation reports (the project's leads and administrators; raters never).</summary>
public static class ValidationApi
{
    public static void MapValidationApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/projects/{id:long}").WithTags("Validation");

        group.MapGet("/imports/statistics", (long id, ValidationService s, ClaimsPrincipal u, CancellationToken ct) =>
                s.BatchesAsync(id, Actor.FromPrincipal(u), ct))
            .WithSummary("The import batches that have statistics, newest first (leads and administrators)")
            .Produces<IReadOnlyList<BatchStatisticsSummary>>().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/imports/{batchId:long}/statistics", (long id, long batchId, ValidationService s, ClaimsPrincipal u,
                CancellationToken ct) => s.BatchAsync(id, batchId, Actor.FromPrincipal(u), ct))
            .WithSummary("An import batch's statistics and validation warnings (leads and administrators)")
            .Produces<BatchStatisticsView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/schema", (long id, ValidationService s, ClaimsPrincipal u, CancellationToken ct) =>
                s.SchemaAsync(id, Actor.FromPrincipal(u), ct))
            .WithSummary("The schema inferred from the project's data and labeling configuration (leads and administrators)")
            .Produces<DataSchema>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/drift", (long id, [FromQuery] long baseline, [FromQuery] long current, ValidationService s, ClaimsPrincipal u,
                CancellationToken ct) => s.DriftAsync(id, baseline, current, Actor.FromPrincipal(u), ct))
            .WithSummary("Drift between two import batches: L∞ and Jensen–Shannon per field and control, with noise bands (leads and administrators)")
            .Produces<BatchDriftView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/rater-skew", (long id, ValidationService s, ClaimsPrincipal u, CancellationToken ct) =>
                s.RaterSkewAsync(id, Actor.FromPrincipal(u), ct))
            .WithSummary("Each rater's label distribution against the other raters (leads and administrators)")
            .Produces<IReadOnlyList<RaterSkewView>>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/validation/settings", (long id, ValidationService s, ClaimsPrincipal u, CancellationToken ct) =>
                s.SettingsAsync(id, Actor.FromPrincipal(u), ct))
            .WithSummary("The project's drift thresholds (leads and administrators)")
            .Produces<ValidationSettingsView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPut("/validation/settings", (long id, ValidationSettingsView body, ValidationService s, ClaimsPrincipal u,
                CancellationToken ct) => s.SaveSettingsAsync(id, body, Actor.FromPrincipal(u), ct))
            .WithSummary("Set the project's drift thresholds (leads and administrators)")
            .Produces<ValidationSettingsView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/validate", async (long id, HttpRequest request, [FromQuery] long? batch, [FromQuery] string? fileName,
                ValidationService s, WorkDirectories work, IOptions<ImportOptions> options, ClaimsPrincipal u, CancellationToken ct) =>
            {
                var actor = Actor.FromPrincipal(u);
                // Authorise before reading a possibly large body.
                await s.SettingsAsync(id, actor, ct);
                var (spool, name) = await JobUploads.ReceiveAsync(request, fileName, "serving.jsonl", options.Value.MaxUploadBytes,
                    "validate", work, acceptForm: true, ct);
                try
                {
                    return TypedResults.Ok(await s.ValidateServingAsync(id, batch, spool, name, actor, ct));
                }
                finally
                {
                    File.Delete(spool);
                }
            }).DisableAntiforgery()
            .WithSummary("Training–serving skew: compare a file of production records (task format) with the project's or one batch's data (leads and administrators)")
            .DocumentsRawBody("application/x-ndjson", "application/json", "text/csv", "text/tab-separated-values", "multipart/form-data")
            .Produces<ServingValidationView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/datasets/{id:long}/validate", async (long id, HttpRequest request, [FromQuery] string? fileName, ValidationService s,
                Data.Datasets.DatasetService datasets, WorkDirectories work, IOptions<ImportOptions> options, ClaimsPrincipal u, CancellationToken ct) =>
            {
                var actor = Actor.FromPrincipal(u);
                // Authorise before reading a possibly large body.
                await datasets.GetAsync(id, actor, ct);
                var (spool, name) = await JobUploads.ReceiveAsync(request, fileName, "serving.jsonl", options.Value.MaxUploadBytes,
                    "validate", work, acceptForm: true, ct);
                try
                {
                    return TypedResults.Ok(await s.ValidateServingAgainstVersionAsync(id, spool, name, actor, ct));
                }
                finally
                {
                    File.Delete(spool);
                }
            }).DisableAntiforgery().WithTags("Validation")
            .WithSummary("Training–serving skew against a dataset version: a file of production records (task format) compared with the version's statistics (leads and administrators)")
            .DocumentsRawBody("application/x-ndjson", "application/json", "text/csv", "text/tab-separated-values", "multipart/form-data")
            .Produces<ServingValidationView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
