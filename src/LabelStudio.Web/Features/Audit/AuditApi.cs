using System.Security.Claims;
using LabelStudio.Data.Audit;
using LabelStudio.Data.Common;

namespace LabelStudio.Web.Features.Audit;

/// <summary>
/// The audit log for administrators: <c>GET /api/audit?userId=&amp;action=&amp;projectId=&amp;from=&amp;to=&amp;page=&amp;pageSize=</c>
/// (newest first; <c>from</c> inclusive, <c>to</c> exclusive, UTC) and the same filter as a CSV download at
/// <c>GET /api/audit/export</c>.
/// </summary>
public static class AuditApi
{
    public static void MapAuditApi(this RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit");
        audit.MapGet("/", (string? userId, string? action, long? projectId, DateTime? from, DateTime? to, int? page, int? pageSize,
                AuditReader reader, ClaimsPrincipal u, CancellationToken ct) =>
                reader.SearchAsync(Filter(userId, action, projectId, from, to), page ?? 1, pageSize ?? 50, Actor.FromPrincipal(u), ct))
            .WithSummary("Administrators: audit events, newest first, filtered and paged")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);

        audit.MapGet("/export", (string? userId, string? action, long? projectId, DateTime? from, DateTime? to,
                AuditReader reader, ClaimsPrincipal u, HttpContext http) =>
            {
                var filter = Filter(userId, action, projectId, from, to);
                var actor = Actor.FromPrincipal(u);
                // Checked before the response starts, so a refusal is a clean status code rather than a cut-off file.
                AuditReader.Check(filter, actor);
                var ct = http.RequestAborted;
                return TypedResults.Stream(stream => AuditCsv.WriteAsync(stream, reader.StreamAsync(filter, actor, ct), ct),
                    "text/csv; charset=utf-8", $"audit-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv");
            })
            .WithSummary("Administrators: the filtered audit log as CSV (same filter as GET /api/audit)")
            .Produces(StatusCodes.Status200OK, typeof(string), "text/csv").ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
    }

    internal static AuditFilter Filter(string? userId, string? action, long? projectId, DateTime? from, DateTime? to) =>
        new(string.IsNullOrWhiteSpace(userId) ? null : userId.Trim(), string.IsNullOrWhiteSpace(action) ? null : action.Trim(),
            projectId, AsUtc(from), AsUtc(to));

    private static DateTime? AsUtc(DateTime? value) => value switch
    {
        null => null,
        { Kind: DateTimeKind.Utc } v => v,
        { Kind: DateTimeKind.Local } v => v.ToUniversalTime(),
        { } v => DateTime.SpecifyKind(v, DateTimeKind.Utc),
    };
}
