using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LabelStudio.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace LabelStudio.IntegrationTests.Authorization;

/// <summary>The served OpenAPI document against the endpoints the running app really has.</summary>
public sealed class OpenApiDocumentTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    [Fact]
    public async Task Document_DescribesEveryApiEndpoint_WithItsRequestAndResponseTypes()
    {
        var response = await world.Api(MatrixActor.RaterInside).GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("paths");

        var api = AppEndpoints.All(world.App.Services).Where(e => !e.IsPage && e.Route.StartsWith("/api/")).ToList();
        Assert.True(api.Count > 40, $"only {api.Count} API endpoints found");
        var problems = new List<string>();
        foreach (var endpoint in api)
        {
            var name = $"{endpoint.Method} {endpoint.Route}";
            if (!paths.TryGetProperty(endpoint.Route, out var path) || !path.TryGetProperty(endpoint.Method.ToLowerInvariant(), out var operation))
            {
                problems.Add($"{name}: not in the document");
                continue;
            }
            if (!operation.TryGetProperty("summary", out _)) problems.Add($"{name}: no summary");
            if (!operation.TryGetProperty("tags", out _)) problems.Add($"{name}: no tag");
            var responses = operation.GetProperty("responses").EnumerateObject().ToList();
            var success = responses.Where(r => r.Name.StartsWith('2')).ToList();
            if (success.Count == 0) problems.Add($"{name}: no success response");
            // A 200 or 201 carries a body: its type must be described (202 and 204 carry none here).
            foreach (var r in success.Where(r => r.Name is "200" or "201"))
            {
                if (!r.Value.TryGetProperty("content", out var content) || !content.EnumerateObject().Any(c => c.Value.TryGetProperty("schema", out _)))
                {
                    problems.Add($"{name}: response {r.Name} has no type");
                }
            }
            if (TakesABody(endpoint) && !operation.TryGetProperty("requestBody", out _)) problems.Add($"{name}: its request body is not described");
        }
        Assert.True(problems.Count == 0, "The OpenAPI document misses:\n  " + string.Join("\n  ", problems));
    }

    [Fact]
    public async Task Document_IsForSignedInCallers()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await world.Api(MatrixActor.Anonymous).GetAsync("/openapi/v1.json")).StatusCode);
    }

    /// <summary>A JSON body bound by the framework, or a file the handler streams (it reads HttpRequest).</summary>
    private static bool TakesABody(AppEndpoint endpoint) =>
        endpoint.Endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is not null
        || endpoint.Endpoint.Metadata.OfType<System.Reflection.MethodInfo>().Any(m => m.GetParameters().Any(p => p.ParameterType == typeof(Microsoft.AspNetCore.Http.HttpRequest)));
}
