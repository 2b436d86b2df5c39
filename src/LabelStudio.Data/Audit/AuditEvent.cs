namespace LabelStudio.Data.Audit;

/// <summary>
/// One thing that happened, for the audit log: who (<see cref="ActorId"/>, <see cref="ActorEmail"/>), when, what
/// (<see cref="Action"/>, one of <see cref="AuditActions"/>), to what (<see cref="TargetType"/>, <see cref="TargetId"/>,
/// <see cref="ProjectId"/>) and from where (<see cref="IpAddress"/>, <see cref="UserAgent"/>). Append-only.
/// </summary>
public sealed class AuditEvent
{
    public long Id { get; set; }
    public DateTime OccurredAt { get; set; }
    /// <summary>The signed-in user; null for the command line and for a sign-in attempt with an unknown email.</summary>
    public string? ActorId { get; set; }
    /// <summary>The actor's email at the time (for a failed sign-in: the email that was typed).</summary>
    public string? ActorEmail { get; set; }
    public string Action { get; set; } = "";
    public string? TargetType { get; set; }
    public string? TargetId { get; set; }
    /// <summary>The project the event concerns, for filtering (no FK: the log outlives what it describes).</summary>
    public long? ProjectId { get; set; }
    public string? Details { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
}
