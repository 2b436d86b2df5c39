namespace LabelStudio.Data.Audit;

/// <summary>One page of audit events, newest first, and how many match the filter.</summary>
public sealed record AuditEventPage(int Page, int PageSize, int Total, IReadOnlyList<AuditEventView> Items);
