using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

namespace LabelStudio.Web.Features.ApiReference;

/// <summary>
/// The OpenAPI document of the REST API (<c>GET /openapi/v1.json</c>, for signed-in callers): every <c>/api</c>
/// endpoint with its parameters, request body and responses, generated from the endpoints' own metadata.
/// </summary>
public static class OpenApiSetup
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";

    public static IServiceCollection AddLabelStudioOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName, o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.OrdinalIgnoreCase) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "LabelStudio API";
                document.Info.Description =
                    "Send `Authorization: Bearer <accessToken>` (from POST /api/auth/token) or `Authorization: Token <token>` " +
                    "(a personal API token from your profile page). The browser's sign-in cookie works too.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    ["Bearer"] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http, Scheme = "bearer",
                        Description = "The accessToken from POST /api/auth/token (8 hours).",
                    },
                    ["Token"] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "Authorization",
                        Description = "A personal API token, sent as \"Token <token>\".",
                    },
                };
                document.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Token", document)] = [] },
                ];
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any()) return Task.CompletedTask;
                operation.Responses ??= new OpenApiResponses();
                operation.Responses.TryAdd("401", new OpenApiResponse
                {
                    Description = "Not signed in, or the session or token is no longer valid (user locked, role changed, password reset, token revoked).",
                });
                return Task.CompletedTask;
            });
        });
        services.AddSingleton<ApiReferenceSource>();
        return services;
    }

    public static IEndpointRouteBuilder MapLabelStudioOpenApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/openapi/{documentName}.json").RequireAuthorization(AuthenticationServiceCollectionExtensions.ApiPolicy);
        return endpoints;
    }
}
