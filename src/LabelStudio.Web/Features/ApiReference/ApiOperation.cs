namespace LabelStudio.Web.Features.ApiReference;

/// <summary>One endpoint of the API reference, read from the OpenAPI document.</summary>
public sealed record ApiOperation(string Method, string Path, string Tag, string? Summary, IReadOnlyList<ApiParameter> Parameters,
    ApiBody? RequestBody, IReadOnlyList<ApiResponse> Responses)
{
    public string Anchor => $"{Method}-{Path}".ToLowerInvariant().Replace('/', '-').Replace("{", "").Replace("}", "");
}

public sealed record ApiParameter(string Name, string In, string Type, bool Required);

/// <summary>A request or response body: its media types and the schema written out as text.</summary>
public sealed record ApiBody(IReadOnlyList<string> ContentTypes, string Schema);

public sealed record ApiResponse(string Status, string Description, ApiBody? Body);

public sealed record ApiTagGroup(string Tag, IReadOnlyList<ApiOperation> Operations);
