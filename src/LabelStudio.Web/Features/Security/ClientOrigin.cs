namespace LabelStudio.Web.Features.Security;

/// <summary>Client address and user agent of the request that opened a page, handed to its circuit for the audit log.</summary>
public sealed record ClientOrigin(string? IpAddress, string? UserAgent);
