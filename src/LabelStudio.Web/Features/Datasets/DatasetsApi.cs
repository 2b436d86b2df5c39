using System.Security.Claims;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using LabelStudio.Data.Common;
using LabelStudio.Data.Datasets;
using LabelStudio.Data.Jobs;
using LabelStudio.Data.Review;
using LabelStudio.Quality;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LabelStudio.Web.Features.Datasets;

/// <summary>
/// Dataset versions (administrators and the project's leads; raters never): create one (a background job builds it),
/// list them per project or across projects, read one, its statistics, manifest, card and diff, and download its files.
/// </summary>
public static class DatasetsApi
{
    /// <summary>A create request: <c>{"name","description","scope":"final|all","filter":{...},"split":{...},"formats":[...]}</c>.</summary>
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record DatasetBody(
        [property: JsonPropertyName("name")] string? Name,
        [property: JsonPropertyName("description")] string? Description,
        [property: JsonPropertyName("scope")] string? Scope,
        [property: JsonPropertyName("filter")] FilterBody? Filter,
        [property: JsonPropertyName("split")] SplitBody? Split,
        [property: JsonPropertyName("formats")] List<string>? Formats)
    {
        public DatasetRequest ToRequest() => new(Name, Description, ParseScope(Scope), Filter?.ToFilter(), Split?.ToSplit(), Formats);
    }

    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record FilterBody(
        [property: JsonPropertyName("batchIds")] List<long>? BatchIds,
        [property: JsonPropertyName("from")] DateTime? From,
        [property: JsonPropertyName("to")] DateTime? To,
        [property: JsonPropertyName("labels")] List<string>? Labels,
        [property: JsonPropertyName("origins")] List<FinalLabelOrigin>? Origins,
        [property: JsonPropertyName("states")] List<TaskOutcomeState>? States,
        [property: JsonPropertyName("raters")] List<string>? Raters,
        [property: JsonPropertyName("includeUnlabeled")] bool? IncludeUnlabeled)
    {
        public DatasetFilter ToFilter() => new(BatchIds, From?.ToUniversalTime(), To?.ToUniversalTime(), Labels, Origins, States, Raters,
            IncludeUnlabeled ?? false);
    }

    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record SplitBody(
        [property: JsonPropertyName("train")] double Train,
        [property: JsonPropertyName("validation")] double Validation,
        [property: JsonPropertyName("test")] double Test,
        [property: JsonPropertyName("seed")] int? Seed)
    {
        public DatasetSplit ToSplit() => new(Train, Validation, Test, Seed ?? 42);
    }

    public static void MapDatasetsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/projects/{id:long}/datasets", async (long id, DatasetBody body, DatasetService s, ClaimsPrincipal u, CancellationToken ct) =>
        {
            var created = await s.CreateAsync(id, body.ToRequest(), Actor.FromPrincipal(u), ct);
            return TypedResults.Accepted($"/api/datasets/{created.Version.Id}", created);
        }).WithTags("Datasets").WithSummary("Create a dataset version: a background job freezes the final labels and writes the files")
            .Produces<DatasetCreated>(StatusCodes.Status202Accepted).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/projects/{id:long}/datasets", (long id, DatasetService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.ListAsync(id, Actor.FromPrincipal(u), ct)).WithTags("Datasets")
            .WithSummary("A project's dataset versions, newest first, with their parent and files")
            .Produces<IReadOnlyList<DatasetVersionView>>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/datasets", (string? search, DatasetService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.CatalogAsync(Actor.FromPrincipal(u), search, ct)).WithTags("Datasets")
            .WithSummary("The catalog: every ready version the caller may see, across projects, searchable by name and label schema")
            .Produces<IReadOnlyList<DatasetVersionView>>();

        api.MapGet("/datasets/{id:long}", (long id, DatasetService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.GetAsync(id, Actor.FromPrincipal(u), ct)).WithTags("Datasets").WithSummary("A dataset version")
            .Produces<DatasetVersionView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/datasets/{id:long}/stats", (long id, DatasetService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.StatsAsync(id, Actor.FromPrincipal(u), ct)).WithTags("Datasets")
            .WithSummary("A version's statistics: label distribution per control, origins, states, splits, agreement")
            .Produces<DatasetStats>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/datasets/{id:long}/manifest", (long id, DatasetManifestService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.ManifestAsync(id, Actor.FromPrincipal(u), ct)).WithTags("Datasets")
            .WithSummary("A version's manifest: its lineage (files, configurations, consensus, resolutions, raters, click logs), counts and file hashes")
            .Produces<JsonObject>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/datasets/{id:long}/card", async (long id, DatasetManifestService s, ClaimsPrincipal u, CancellationToken ct) =>
            TypedResults.Text(await s.CardAsync(id, Actor.FromPrincipal(u), ct), "text/markdown; charset=utf-8")).WithTags("Datasets")
            .WithSummary("A version's dataset card (Markdown): what it is, label schema, statistics, agreement, caveats")
            .Produces(StatusCodes.Status200OK, typeof(string), "text/markdown").ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/datasets/{id:long}/diff", (long id, long against, int? limit, DatasetDiffService s, ClaimsPrincipal u, CancellationToken ct) =>
            s.DiffAsync(id, against, Actor.FromPrincipal(u), limit ?? 200, ct)).WithTags("Datasets")
            .WithSummary("Compare a version with another: tasks added and removed, labels changed (origin before and after), label share shifts")
            .Produces<DatasetDiff>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/datasets/{id:long}/reproduce", (long id, DatasetReproducer s, ClaimsPrincipal u, CancellationToken ct) =>
            s.ReproduceAsync(id, Actor.FromPrincipal(u), ct)).WithTags("Datasets")
            .WithSummary("Rebuild a version from its recorded inputs (watermarks, consensus run, filters) and compare it with the stored one: identical, or which tasks differ")
            .Produces<DatasetReproduction>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/datasets/{id:long}/download", async Task<Results<PhysicalFileHttpResult, Accepted<JobView>>> (long id, string? format,
            DatasetService s, ClaimsPrincipal u, HttpContext http, CancellationToken ct) =>
        {
            var download = await s.DownloadAsync(id, format ?? "jsonl", Actor.FromPrincipal(u), ct);
            if (download.Path is null) return TypedResults.Accepted($"/api/jobs/{download.Job!.Id}", download.Job);
            http.Response.Headers["X-Content-SHA256"] = download.Sha256;
            return TypedResults.PhysicalFile(download.Path, download.ContentType, download.FileName, enableRangeProcessing: true);
        }).WithTags("Datasets")
            .WithSummary("Download a version in one format (json, json-min, jsonl, csv, tsv, conll, parquet) or its click labels (click-labels); 202 with the job while the file is being written")
            .Produces(StatusCodes.Status200OK, typeof(byte[]), "application/octet-stream").Produces<JobView>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static DatasetScope ParseScope(string? scope) => scope?.Trim().ToLowerInvariant() switch
    {
        null or "" or "final" => DatasetScope.Final,
        "all" => DatasetScope.All,
        _ => throw new DomainValidationException([$"scope: \"{scope}\" is not final or all."]),
    };
}
