using Microsoft.OpenApi;

namespace LabelStudio.Web.Features.ApiReference;

public static class OpenApiBodies
{
    /// <summary>
    /// Documents a body the handler streams itself (an uploaded file). Unlike <c>Accepts()</c>, this does not change
    /// routing: <c>Accepts()</c> would answer 415 to every content type it does not list.
    /// </summary>
    public static RouteHandlerBuilder DocumentsRawBody(this RouteHandlerBuilder builder, params string[] contentTypes) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            var content = new Dictionary<string, OpenApiMediaType>();
            foreach (var type in contentTypes)
            {
                content[type] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
            }
            operation.RequestBody = new OpenApiRequestBody { Required = true, Content = content };
            return Task.CompletedTask;
        });
}
