using System.Globalization;
using CsvHelper;
using LabelStudio.Data.Audit;

namespace LabelStudio.Web.Features.Audit;

/// <summary>The audit log as CSV (RFC 4180, UTF-8, one header row, newest first).</summary>
internal static class AuditCsv
{
    public static readonly string[] Columns =
    [
        "id", "occurred_at_utc", "actor_email", "actor_id", "action", "target_type", "target_id", "target_name",
        "project_id", "project_name", "details", "ip_address", "user_agent",
    ];

    // Typed values (an email at a failed sign-in, a user agent) could start with "=" and run as a formula in a
    // spreadsheet: such fields are escaped.
    private static readonly CsvWriterOptions Options = new() { Injection = CsvInjection.Escape };

    public static async Task WriteAsync(Stream output, IAsyncEnumerable<AuditEventView> events, CancellationToken ct)
    {
        await using var csv = CsvWriter.Create(output, Options, leaveOpen: true);
        await csv.WriteRecordAsync(Columns, ct);
        await foreach (var e in events.WithCancellation(ct))
        {
            await csv.WriteRecordAsync(
            [
                e.Id.ToString(CultureInfo.InvariantCulture),
                e.OccurredAt.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                e.ActorEmail ?? "", e.ActorId ?? "", e.Action, e.TargetType ?? "", e.TargetId ?? "", e.TargetName ?? "",
                e.ProjectId?.ToString(CultureInfo.InvariantCulture) ?? "", e.ProjectName ?? "", e.Details ?? "",
                e.IpAddress ?? "", e.UserAgent ?? "",
            ], ct);
        }
        await csv.FlushAsync(ct);
    }
}
