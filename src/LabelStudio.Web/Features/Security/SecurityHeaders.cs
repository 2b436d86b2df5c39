using System.Security.Cryptography;

namespace LabelStudio.Web.Features.Security;

/// <summary>
/// Security headers on every response (pages, API, static files, errors), set just before the response starts so
/// that error handlers that clear the response cannot drop them.
/// The policy allows what the app's own pages need and nothing else: scripts from this site (plus the import map,
/// which carries the per-request nonce), the Blazor websocket back to this site, inline styles (MudBlazor styles its
/// components and theme inline), images from this site, data URIs and HTTPS hosts (task images often live elsewhere).
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    private const string NonceKey = "labelstudio:csp-nonce";

    /// <summary>The nonce of this response's Content-Security-Policy, for the few inline scripts the framework renders.</summary>
    public static string? Nonce(HttpContext? context) => context?.Items[NonceKey] as string;

    public static string Policy(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob: https:; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = Policy(nonce);
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
