namespace LabelStudio.Data.Audit;

/// <summary>An audit event as the page, the API and the CSV show it (with the target user's email and the project's name).</summary>
public sealed record AuditEventView(long Id, DateTime OccurredAt, string? ActorId, string? ActorEmail, string Action,
    string? TargetType, string? TargetId, string? TargetName, long? ProjectId, string? ProjectName, string? Details,
    string? IpAddress, string? UserAgent);
