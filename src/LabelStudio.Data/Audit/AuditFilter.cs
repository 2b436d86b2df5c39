namespace LabelStudio.Data.Audit;

/// <summary>
/// Which events to read. <see cref="UserId"/> matches events done by the user or to the user; <see cref="From"/> is
/// inclusive and <see cref="To"/> exclusive (UTC).
/// </summary>
public sealed record AuditFilter(string? UserId = null, string? Action = null, long? ProjectId = null,
    DateTime? From = null, DateTime? To = null);
