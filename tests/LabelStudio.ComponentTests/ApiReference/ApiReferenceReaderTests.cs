using LabelStudio.Web.Features.ApiReference;

namespace LabelStudio.ComponentTests.ApiReference;

public sealed class ApiReferenceReaderTests
{
    private const string Document = """
        {
          "openapi": "3.1.1",
          "paths": {
            "/api/me/tokens": {
              "get": { "tags": ["Account"], "summary": "List", "responses": { "200": { "description": "OK",
                "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Token" } } } } } } },
              "post": { "tags": ["Account"], "summary": "Create",
                "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/NewToken" } } } },
                "responses": { "201": { "description": "Created" }, "401": { "description": "Not signed in" } } }
            },
            "/api/projects/{id}": {
              "get": { "tags": ["Projects"], "parameters": [ { "name": "id", "in": "path", "required": true,
                "schema": { "type": ["integer", "string"], "format": "int64", "pattern": "^-?\\d+$" } } ],
                "responses": { "200": { "description": "OK" } } }
            }
          },
          "components": { "schemas": {
            "Token": { "type": "object", "required": ["id"], "properties": {
              "id": { "type": ["integer", "string"], "format": "int64" },
              "revokedAt": { "type": ["null", "string"], "format": "date-time" },
              "owner": { "$ref": "#/components/schemas/Token" } } },
            "NewToken": { "type": "object", "properties": { "name": { "type": "string" } } }
          } }
        }
        """;

    [Fact]
    public void Read_GroupsByTag_InDocumentOrder_WithParametersBodiesAndResponses()
    {
        var groups = ApiReferenceReader.Read(Document);

        Assert.Equal(["Account", "Projects"], groups.Select(g => g.Tag));
        var create = groups[0].Operations.Single(o => o.Method == "POST");
        Assert.Equal("/api/me/tokens", create.Path);
        Assert.Equal(["application/json"], create.RequestBody!.ContentTypes);
        Assert.Contains("name?: string", create.RequestBody.Schema);
        Assert.Equal(["201", "401"], create.Responses.Select(r => r.Status));
        var parameter = groups[1].Operations.Single().Parameters.Single();
        Assert.Equal(("id", "path", "integer (int64)", true), (parameter.Name, parameter.In, parameter.Type, parameter.Required));
    }

    [Fact]
    public void Describe_ResolvesReferences_StopsAtCycles_AndKeepsNullability()
    {
        var list = ApiReferenceReader.Read(Document)[0].Operations.Single(o => o.Method == "GET").Responses.Single().Body!.Schema;

        Assert.StartsWith("Token {", list);
        Assert.EndsWith("}[]", list);
        Assert.Contains("  id: integer (int64)", list);
        Assert.Contains("  revokedAt?: null | string (date-time)", list);
        // The self-reference is named, not expanded again.
        Assert.Contains("  owner?: Token\n", list);
    }
}
