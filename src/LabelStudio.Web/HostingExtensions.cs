using LabelStudio.Data.Database;
using LabelStudio.Data.Demo;
using LabelStudio.Data.Jobs;
using LabelStudio.Web.Components;
using LabelStudio.Web.Features.Identity;
using LabelStudio.Web.Features.ApiReference;
using LabelStudio.Web.Features.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration.Json;
using MudBlazor.Services;

namespace LabelStudio.Web;

/// <summary>Composition of the web host: configuration, services, pipeline and start-up work.</summary>
public static class HostingExtensions
{
    /// <summary>
    /// The repository's root appsettings.json is the base configuration; environment-specific JSON, environment
    /// variables and the command line still override it.
    /// </summary>
    public static void AddLabelStudioConfiguration(this WebApplicationBuilder builder)
    {
        var source = new JsonConfigurationSource
        {
            Path = Path.Combine(AppContext.BaseDirectory, "appsettings.json"), Optional = true, ReloadOnChange = false,
        };
        source.ResolveFileProvider();
        builder.Configuration.Sources.Insert(0, source);
        // Serves the framework's and MudBlazor's files when run from the build output in any environment (the README's
        // `dotnet run` runs as Production); a published app has no such manifest and this does nothing.
        builder.WebHost.UseStaticWebAssets();
    }

    /// <summary>
    /// Microsoft.Data.Sqlite runs synchronously underneath its async API: every query holds a pool thread for its
    /// duration. With the default minimum (one per core) a burst of raters waits on thread injection (about two
    /// threads a second) instead of on the database; start with enough threads for a burst.
    /// </summary>
    public static void ReserveThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
    }

    public static IServiceCollection AddLabelStudioWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddLabelStudioCore(configuration);
        services.AddLabelStudioAuthentication();
        services.AddLabelStudioFeatures();
        services.AddLabelStudioOpenApi();
        services.AddProblemDetails();
        // Minimal APIs throw on unreadable requests, so ApiBadRequestMiddleware can say what was wrong.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>
    /// Outside Development, errors never show a stack trace or echo the request: the API answers with problem JSON, pages
    /// with the error page. Every response gets the security headers.
    /// </summary>
    public static void UseLabelStudioPipeline(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeaders>();
        if (!app.Environment.IsDevelopment())
        {
            app.UseWhen(IsApi, api => api.UseExceptionHandler());
            app.UseWhen(c => !IsApi(c), pages => pages.UseExceptionHandler("/error", createScopeForErrors: true));
            app.UseHsts();
        }
        app.UseWhen(IsApi, api => api.UseStatusCodePages());
        app.UseWhen(c => !IsApi(c), pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        // Inside the status-code pages: a request the app cannot read gets a response that says why, not a bare status.
        app.UseMiddleware<ApiBadRequestMiddleware>();
        app.UseAntiforgery();
        app.UseMiddleware<AuditOriginMiddleware>();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapIdentityEndpoints();
        app.MapLabelStudioApi();
        app.MapLabelStudioOpenApi();
    }

    private static bool IsApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/openapi");

    public static async Task InitializeLabelStudioAsync(this WebApplication app)
    {
        await DatabaseInitializer.MigrateAsync(app.Services);
        // Before the first request: jobs a crash interrupted are marked failed and their files removed; the rows they
        // staged are deleted in the background.
        await app.Services.GetRequiredService<JobRecovery>().RecoverAsync();
        IReadOnlyList<DemoLogin> logins;
        using (var scope = app.Services.CreateScope())
        {
            logins = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync();
        }

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            var database = app.Services.GetRequiredService<DatabaseOptions>();
            Console.WriteLine();
            Console.WriteLine("LabelStudio is running.");
            foreach (var address in addresses ?? [])
            {
                Console.WriteLine($"  Open {address}");
            }
            Console.WriteLine($"  Database: {database.Provider}");
            if (logins.Count > 0)
            {
                Console.WriteLine("  Demo data was created. Sign in with:");
                foreach (var login in logins)
                {
                    Console.WriteLine($"    {login.Role,-6} {login.Email,-28} password: {login.Password}");
                }
            }
            else
            {
                var demo = app.Services.GetRequiredService<DemoOptions>();
                if (demo.Seed)
                {
                    Console.WriteLine($"  Demo users (if still present): admin@{demo.EmailDomain}, lead@{demo.EmailDomain}, " +
                                      $"rater1..3@{demo.EmailDomain}; password as set at seeding (Demo:Password).");
                }
            }
            Console.WriteLine();
        });
    }
}
