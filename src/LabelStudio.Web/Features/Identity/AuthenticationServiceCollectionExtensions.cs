using LabelStudio.Data.Identity;
using LabelStudio.Web.Features.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace LabelStudio.Web;

public static class AuthenticationServiceCollectionExtensions
{
    /// <summary>
    /// The REST API accepts the browser's cookie, a bearer token from <c>POST /api/auth/token</c> or a personal API token
    /// (<c>Authorization: Token …</c>); each is checked against the user's current role and lock on every request.
    /// </summary>
    public const string ApiPolicy = "Api";

    public static IServiceCollection AddLabelStudioAuthentication(this IServiceCollection services)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddSingleton<SessionValidator>();
        services.AddHostedService(sp => sp.GetRequiredService<LabelStudio.Data.ApiTokens.ApiTokenUsageRecorder>());
        services.AddScoped<SignInService>();
        services.AddSignInRateLimit();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddBearerToken(IdentityConstants.BearerScheme, o =>
            {
                o.BearerTokenExpiration = TimeSpan.FromHours(8);
                o.Events.OnMessageReceived = SessionValidation.ValidateBearerAsync;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.SlidingExpiration = true;
            // Secure whenever the site is served over HTTPS; never readable by scripts; not sent on cross-site posts.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Events.OnValidatePrincipal = SessionValidation.ValidateCookieAsync;
            // API calls get status codes, not redirects to the sign-in page.
            o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden);
        });

        services.AddLabelStudioIdentityCore().AddSignInManager();

        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, p => p
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, IdentityConstants.BearerScheme,
                    ApiTokenAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());
        return services;
    }

    private static Task ApiAwareRedirect(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/openapi"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
