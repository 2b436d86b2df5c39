using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace LabelStudio.Web.Features.Identity;

/// <summary>
/// ASP.NET Core's rate limiter on sign-in: each client address gets <see cref="SignInRateLimitOptions.PermitLimit"/>
/// attempts per window (reading the sign-in page is free). Over that: 429 with Retry-After, as problem JSON for the API
/// and as a page for the browser. Every attempt costs a password hash, so this also keeps the CPU for the raters.
/// </summary>
internal static class SignInRateLimit
{
    public const string PolicyName = "sign-in";

    public static IServiceCollection AddSignInRateLimit(this IServiceCollection services)
    {
        services.AddOptions<SignInRateLimitOptions>().BindConfiguration(SignInRateLimitOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = WriteRejectionAsync;
            o.AddPolicy(PolicyName, Partition);
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        {
            return RateLimitPartition.GetNoLimiter("read");
        }
        var options = context.RequestServices.GetRequiredService<IOptions<SignInRateLimitOptions>>().Value;
        return RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.PermitLimit, Window = TimeSpan.FromSeconds(options.WindowSeconds), QueueLimit = 0,
            });
    }

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var message = $"Too many sign-in attempts from your address. Try again in {seconds} seconds.";
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = message },
            });
            return;
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(RejectionPage(message), ct);
    }

    private static string RejectionPage(string message) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1.0" />
            <title>Too many attempts · LabelStudio</title>
            <link rel="stylesheet" href="/_content/MudBlazor/MudBlazor.min.css" />
            <link rel="stylesheet" href="/css/labelstudio.css" />
            <link rel="icon" type="image/svg+xml" href="/img/logo.svg" />
        </head>
        <body>
        <div class="ls-auth-page">
            <div class="ls-auth-card" data-testid="too-many-attempts">
                <div class="ls-auth-brand"><span class="ls-logo" aria-hidden="true"></span><span>LabelStudio</span></div>
                <h1 class="ls-auth-title">Please wait a moment</h1>
                <p class="ls-auth-sub">{{WebUtility.HtmlEncode(message)}}</p>
                <a class="ls-button-primary" href="/Account/Login">Back to sign in</a>
            </div>
        </div>
        </body>
        </html>
        """;
}
