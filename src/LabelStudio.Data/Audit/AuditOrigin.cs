namespace LabelStudio.Data.Audit;

/// <summary>
/// Where the current work comes from (client address and user agent), filled by the host: per request by the web app,
/// per circuit for interactive pages, "command line" for the CLI. Scoped; empty for background work.
/// </summary>
public sealed class AuditOrigin
{
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
}
