using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LabelStudio.Web.Features.ApiReference;

/// <summary>The OpenAPI document as the reference page shows it, generated once (the endpoints do not change while running).</summary>
internal sealed class ApiReferenceSource([FromKeyedServices(OpenApiSetup.DocumentName)] IOpenApiDocumentProvider provider)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyList<ApiTagGroup>? _groups;

    public async Task<IReadOnlyList<ApiTagGroup>> GetAsync(CancellationToken ct = default)
    {
        if (_groups is not null) return _groups;
        await _gate.WaitAsync(ct);
        try
        {
            if (_groups is null)
            {
                var document = await provider.GetOpenApiDocumentAsync(ct);
                _groups = ApiReferenceReader.Read(await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, ct));
            }
            return _groups;
        }
        finally
        {
            _gate.Release();
        }
    }
}
