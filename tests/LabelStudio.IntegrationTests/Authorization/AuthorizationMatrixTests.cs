using System.Net;
using System.Text.RegularExpressions;

namespace LabelStudio.IntegrationTests.Authorization;

/// <summary>
/// Every endpoint and every page of the running app against the six actors of <see cref="AuthorizationMatrix"/>.
/// Endpoints are read from the app's endpoint data source, so one without a row fails by name.
/// </summary>
public sealed partial class AuthorizationMatrixTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    [Fact]
    public void EveryEndpointAndPage_HasARow()
    {
        var endpoints = AppEndpoints().ToList();
        // A row may add a query string to check one variant of an endpoint (a download format).
        var rows = AuthorizationMatrix.Api.Select(r => (r.Method, Route: r.Route.Split('?')[0]))
            .Concat(AuthorizationMatrix.Pages.Select(p => ("GET", p.Route))).ToHashSet();

        var missing = endpoints.Where(e => !rows.Contains(e)).Select(e => $"{e.Method} {e.Route}").ToList();
        Assert.True(missing.Count == 0,
            "These endpoints have no row in AuthorizationMatrix (add one line each, saying who may call them):\n  " + string.Join("\n  ", missing));
        var stale = rows.Where(r => !endpoints.Contains(r)).Select(r => $"{r.Item1} {r.Item2}").ToList();
        Assert.True(stale.Count == 0, "These rows match no endpoint of the app any more:\n  " + string.Join("\n  ", stale));
    }

    [Fact]
    public async Task ApiEndpoints_AllowAndDenyAsTheMatrixSays()
    {
        var failures = new List<string>();
        foreach (var row in AuthorizationMatrix.Api)
        {
            foreach (var actor in Enum.GetValues<MatrixActor>())
            {
                using var request = new HttpRequestMessage(new HttpMethod(row.Method), await world.PathAsync(row.Route, actor))
                {
                    Content = row.Body?.Invoke(world, actor),
                };
                var response = await world.Api(actor).SendAsync(request);
                var status = (int)response.StatusCode;
                var ok = row[actor] == Access.A
                    ? status is >= 200 and < 400
                    : actor == MatrixActor.Anonymous ? status == 401 : status is 401 or 403 or 404;
                if (!ok)
                {
                    failures.Add($"{row.Method} {row.Route} as {actor}: expected {(row[actor] == Access.A ? "allow" : "deny")}, got {status} " +
                                 Shorten(await response.Content.ReadAsStringAsync()));
                }
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} cell(s) differ from the matrix:\n  " + string.Join("\n  ", failures));
    }

    [Fact]
    public async Task Pages_ShowTheirDataOnlyToThoseTheMatrixAllows()
    {
        var failures = new List<string>();
        foreach (var row in AuthorizationMatrix.Pages)
        {
            foreach (var actor in Enum.GetValues<MatrixActor>())
            {
                var response = await world.Browser(actor).GetAsync(await world.PathAsync(row.Route, actor));
                var html = await response.Content.ReadAsStringAsync();
                var shows = row.Shows.Replace("{me}", MatrixWorld.Email(actor));
                var verdict = row[actor] == Access.A ? Allowed(response, html, shows, row.IsTheDeniedPage) : Denied(response, html, shows);
                if (verdict is not null) failures.Add($"GET {row.Route} as {actor}: {verdict}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} page cell(s) differ from the matrix:\n  " + string.Join("\n  ", failures));
    }

    private static string? Allowed(HttpResponseMessage response, string html, string shows, bool isTheDeniedPage)
    {
        if (response.StatusCode != HttpStatusCode.OK) return $"expected the page, got {(int)response.StatusCode} {response.Headers.Location}";
        if (!isTheDeniedPage && DeniedState().IsMatch(html)) return "expected the page, got its denied state";
        return html.Contains(shows, StringComparison.Ordinal) ? null : $"the page does not show \"{shows}\"";
    }

    /// <summary>Denied is a redirect to the sign-in or access-denied page, or the page's denied state; never its data.</summary>
    private static string? Denied(HttpResponseMessage response, string html, string shows)
    {
        if (html.Contains(shows, StringComparison.Ordinal)) return $"denied, yet the response shows \"{shows}\"";
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            var target = response.Headers.Location?.OriginalString ?? "";
            return target.Contains("/Account/Login") || target.Contains("/Account/AccessDenied") ? null : $"redirected to {target}";
        }
        if (response.StatusCode == HttpStatusCode.OK && DeniedState().IsMatch(html)) return null;
        return $"expected a denial, got {(int)response.StatusCode} without a denied state";
    }

    private IEnumerable<(string Method, string Route)> AppEndpoints() =>
        Infrastructure.AppEndpoints.All(world.App.Services)
            .Where(e => !AuthorizationMatrix.NotInTheMatrix.Contains(e.Route))
            .Select(e => (e.Method, e.Route));

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..160] + "…";

    [GeneratedRegex("data-testid=\"(access-denied|project-not-found|load-error)\"")]
    private static partial Regex DeniedState();
}
