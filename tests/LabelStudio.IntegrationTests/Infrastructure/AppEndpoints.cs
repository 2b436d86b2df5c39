using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.IntegrationTests.Infrastructure;

/// <summary>One endpoint of the running app: its method, its route without constraints, and whether it is a page.</summary>
public sealed record AppEndpoint(string Method, string Route, bool IsPage, Endpoint Endpoint);

/// <summary>The app's endpoints as its <see cref="EndpointDataSource"/> has them (static files left out: public by design).</summary>
public static partial class AppEndpoints
{
    public static IEnumerable<AppEndpoint> All(IServiceProvider services)
    {
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null) continue;
            var route = Normalize(endpoint.RoutePattern.RawText ?? "");
            if (endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
            {
                yield return new AppEndpoint("GET", route, true, endpoint);
                continue;
            }
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            {
                if (method != "HEAD") yield return new AppEndpoint(method, route, false, endpoint);
            }
        }
    }

    /// <summary>"/api/projects/{id:long}/" → "/api/projects/{id}".</summary>
    public static string Normalize(string raw)
    {
        var route = RouteConstraint().Replace(raw.StartsWith('/') ? raw : "/" + raw, "{$1}");
        return route.Length > 1 ? route.TrimEnd('/') : route;
    }

    [GeneratedRegex("""\{(\w+):[^}]+\}""")]
    private static partial Regex RouteConstraint();
}
