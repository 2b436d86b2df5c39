using LabelStudio.Data.Audit;

namespace LabelStudio.Web.Features.Security;

/// <summary>Tells the request's audit events where it came from (client address and user agent).</summary>
internal sealed class AuditOriginMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, AuditOrigin origin)
    {
        origin.IpAddress = context.Connection.RemoteIpAddress?.ToString();
        origin.UserAgent = context.Request.Headers.UserAgent;
        return next(context);
    }
}
